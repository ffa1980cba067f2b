/**
 * Events for the host's analytics. They carry no health data: which section was
 * opened, or that the record was downloaded — never an item, value or name.
 */
import type { ViewSection } from './record-viewer/record-view-model.js';

export class CareRecordSectionEvent extends Event {
  static readonly eventName = 'care-record-section';
  constructor(readonly section: ViewSection) {
    super(CareRecordSectionEvent.eventName, { bubbles: true, composed: true });
  }
}

export class CareRecordExportEvent extends Event {
  static readonly eventName = 'care-record-export';
  constructor(readonly format: 'fhir-json') {
    super(CareRecordExportEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'care-record-section': CareRecordSectionEvent;
    'care-record-export': CareRecordExportEvent;
  }
}
