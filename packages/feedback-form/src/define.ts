/** Registers <care-feedback-form> and <care-feedback-status> (and core's <care-provider>). Guarded: two copies on a page never crash. */
import '@careline/core/define.js';
import { FeedbackForm } from './feedback-form/feedback-form.js';
import { FeedbackStatusElement } from './feedback-status/feedback-status.js';

if (!customElements.get('care-feedback-form')) customElements.define('care-feedback-form', FeedbackForm);
if (!customElements.get('care-feedback-status')) customElements.define('care-feedback-status', FeedbackStatusElement);

declare global {
  interface HTMLElementTagNameMap {
    'care-feedback-form': FeedbackForm;
    'care-feedback-status': FeedbackStatusElement;
  }
}
