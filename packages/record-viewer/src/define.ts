/** Registers <care-record-viewer> (and core's <care-provider>). Guarded: two copies on a page never crash. */
import '@careline/core/define.js';
import { RecordViewer } from './record-viewer/record-viewer.js';

if (!customElements.get('care-record-viewer')) customElements.define('care-record-viewer', RecordViewer);

declare global {
  interface HTMLElementTagNameMap {
    'care-record-viewer': RecordViewer;
  }
}
