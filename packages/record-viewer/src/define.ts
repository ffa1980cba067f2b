/**
 * Registers <care-record-viewer>. Guarded: two copies on a page never crash. `<care-provider>` is not
 * included: it comes with an adapter's define.js (for markup configuration) or core's define.js, so
 * a page configured with configure() never downloads it.
 */
import { RecordViewer } from './record-viewer/record-viewer.js';

if (!customElements.get('care-record-viewer')) customElements.define('care-record-viewer', RecordViewer);

declare global {
  interface HTMLElementTagNameMap {
    'care-record-viewer': RecordViewer;
  }
}
