/**
 * Registers <care-feedback-form> alone (and core's <care-provider>), for a page without the
 * status element: it does not download the status element's code. Guarded: two copies on a page never crash.
 */
import '@careline/core/define.js';
import { FeedbackForm } from './feedback-form/feedback-form.js';

if (!customElements.get('care-feedback-form')) customElements.define('care-feedback-form', FeedbackForm);

declare global {
  interface HTMLElementTagNameMap {
    'care-feedback-form': FeedbackForm;
  }
}
