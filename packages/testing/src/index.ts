// Shared test helpers for Careline packages. The adapter contract suite is exported
// separately as `@careline/testing/contract.js`.
export { expectAccessible, runAxe, loadAxe, injectAxe, formatViolations } from './a11y.js';
export type { AccessibleOptions } from './a11y.js';
export {
  xssPayloads,
  loadBlns,
  looksLikeInjection,
  watchForExecution,
  findActiveContent,
  isDangerousUrl,
  CARELINE_XSS_PAYLOADS,
  XSS_CANARY_CODE,
} from './xss.js';
export type { ExecutionMonitor, DialogCall, ActiveContentFinding, AssertNothingExecutedOptions } from './xss.js';
export {
  installHostilePage,
  findHostileStyles,
  expectUntouchedByHostileStyles,
  HOSTILE_STYLES,
  HOSTILE_CUSTOM_PROPERTIES,
} from './hostile-page.js';
export type { HostilePage, HostilePageOptions, HostileStyle, HostileStyleFinding } from './hostile-page.js';
export { nextFrame, waitFor, widgetRoot, collectEvents, trackUnhandledRejections, rejectionOf, withOnlyDatabasesOf } from './fixtures.js';
export type { WaitForOptions, EventCollector, RejectionTracker } from './fixtures.js';
export { capturePrints } from './print.js';
export type { PrintCapture, PrintedPage } from './print.js';
export { describeTranslationTables } from './translation-tables.js';
export type { TranslationTablesOptions } from './translation-tables.js';
export { WRONG_VALUES, collectPageReports, pathsIn, withValueAt, wrongVariants } from './wrong-values.js';
export type { PageReports, WrongVariant } from './wrong-values.js';
