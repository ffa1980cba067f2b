/**
 * Registers <care-feedback-form> alone, for a page without the
 * status element: it does not download the status element's code. Guarded: two copies on a page never crash.
 * `<care-provider>` is not included: it comes with an adapter's define.js (for markup configuration)
 * or core's define.js, so a page configured with configure() never downloads it.
 */
import { FeedbackForm } from './feedback-form/feedback-form.js';

if (!customElements.get('care-feedback-form')) customElements.define('care-feedback-form', FeedbackForm);

declare global {
  interface HTMLElementTagNameMap {
    'care-feedback-form': FeedbackForm;
  }
}
