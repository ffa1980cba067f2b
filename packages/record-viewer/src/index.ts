/**
 * @careline/record-viewer — `<care-record-viewer>`. No side effects: import
 * `@careline/record-viewer/define.js` to register the element.
 */
export { RecordViewer } from './record-viewer/record-viewer.js';
export { CareRecordSectionEvent, CareRecordExportEvent } from './events.js';
export { DEFAULT_VIEW_SECTIONS, groupByTest, viewItem, type ItemView, type LabGroup, type ViewSection } from './record-viewer/record-view-model.js';
export { READING_KINDS, readingResource, type ReadingKind } from './record-viewer/readings.js';
export * from './fhir/display.js';
export { RECORD_LOCALES, registerRecordMessages, type RecordMessageKey } from './i18n/index.js';
