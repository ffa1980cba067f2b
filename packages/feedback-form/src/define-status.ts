/**
 * Registers <care-feedback-status> alone, for a "Track my feedback"
 * page without the form: it does not download the form's code. Guarded: two copies on a page never crash.
 * `<care-provider>` is not included: it comes with an adapter's define.js (for markup configuration)
 * or core's define.js, so a page configured with configure() never downloads it.
 */
import { FeedbackStatusElement } from './feedback-status/feedback-status.js';

if (!customElements.get('care-feedback-status')) customElements.define('care-feedback-status', FeedbackStatusElement);

declare global {
  interface HTMLElementTagNameMap {
    'care-feedback-status': FeedbackStatusElement;
  }
}
