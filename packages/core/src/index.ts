/**
 * @careline/core — the adapter contract, configuration, the durable outbox,
 * i18n and theming that every Careline widget builds on. No side effects:
 * import `@careline/core/define.js` to register `<care-provider>`.
 */
export * from './adapter.js';
export * from './errors.js';
export { createId } from './ids.js';
export { idPart } from './id-part.js';
export {
  configure,
  registerAdapterFactory,
  adapterFactory,
  onConfigurationChange,
  pageConfigState,
  validateConfig,
  careConfigContext,
  type CareConfig,
  type ConfigState,
  type ConfigProblem,
  type ThemeConfig,
  type ColorScheme,
} from './config/config.js';
export {
  Translator,
  registerMessages,
  registerDefaultMessages,
  messageRegistration,
  registerMessageLoader,
  loadMessages,
  hasPendingMessages,
  whenMessagesLoaded,
  localeChain,
  directionOf,
  normalizeLocale,
  availableLocales,
  type Message,
  type MessageLoader,
  type MessageCatalog,
  type MessageKey,
  type MessageTable,
  type MessageParams,
  type PluralMessage,
  type TranslationOverrides,
} from './i18n/i18n.js';
export { registerCoreMessages } from './i18n/core-messages.js';
export { CORE_LOCALES } from './i18n/locales/index.js';
export { closestLang } from './i18n/locale.js';
export { dateTimeFormat, numberFormat, formatCount, pluralRules, listFormat, prepareFormatters, type FormatterSpec } from './i18n/formats.js';
export { hostStyles } from './theme/theme.styles.js';
export { formStyles } from './theme/forms.styles.js';
export {
  detectEmergency,
  emergencyLanguagesFor,
  normalizeForMatching,
  EMERGENCY_PHRASES,
  type EmergencyCategory,
  type EmergencyLanguage,
  type EmergencyMatch,
  type EmergencyPhraseList,
} from './safety/emergency.js';
export { renderMarkdown, isPlainParagraph, safeHref, linkDestination, ALLOWED_LINK_PROTOCOLS, type MarkdownOptions } from './text/markdown.js';
export { CareElement } from './element/care-element.js';
export { CareController, CONFIGURATION_GRACE_MS, whenPageSettled } from './element/care-controller.js';
export * from './element/states.js';
export * from './element/form-states.js';
export { CareProvider } from './provider/provider.js';
export type { AdapterFactory } from './registry.js';
export { Outbox, DEFAULT_RETRY_POLICY, type OutboxEntry, type OutboxEntryState, type OutboxEvent, type OutboxError, type OutboxOptions, type RetryPolicy } from './outbox/outbox.js';
export { DraftStore, type Draft } from './outbox/drafts.js';
export { sharedIdbStore } from './outbox/shared-idb-store.js';
export { sharedDrafts, existingOutbox, wipeCarelineData, signOut, listenForWipes, DEFAULT_NAMESPACE } from './outbox/services.js';
export { hasStoredWrites } from './outbox/stored-writes.js';
export { sharedOutbox } from './outbox/shared-outbox.js';
export { MemoryStore, ResilientStore, LazyIdbStore, DATABASE_PREFIX, isQuotaError, type KeyValueStore, type CountableStore, type StorageMode, type FallbackReason } from './storage/stores.js';
export { IdbStore } from './storage/idb-store.js';
export { onDemand, type OnDemand } from './on-demand.js';
export { OutboxController, loadOutboxCode } from './element/outbox-controller.js';
export { EmergencyCheckController, loadEmergencyCheck } from './element/emergency-check-controller.js';
export { NetworkController } from './element/network-controller.js';
export { printInFrame, type PrintInFrameOptions } from './print/print-in-frame.js';
export { DraftController, keepBothTexts, type DraftControllerOptions } from './element/draft-controller.js';
export { OnDemandViewsController, updateCompleteWithViews, viewFetchTiming, type ViewPlaceholderOptions } from './element/on-demand-views-controller.js';
export { knownTimeZone } from './time/time-zone.js';
export {
  addWorkingDays,
  calendarDateIn,
  isIsoDate,
  isWorkingDay,
  parseHolidays,
  parseWeekend,
  DEFAULT_WEEKEND,
  type Weekday,
  type WorkingCalendar,
} from './time/working-days.js';
export { retryTransient, type RetryReadOptions } from './retry.js';
