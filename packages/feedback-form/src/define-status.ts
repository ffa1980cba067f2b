/**
 * Registers <care-feedback-status> alone (and core's <care-provider>), for a "Track my feedback"
 * page without the form: it does not download the form's code. Guarded: two copies on a page never crash.
 */
import '@careline/core/define.js';
import { FeedbackStatusElement } from './feedback-status/feedback-status.js';

if (!customElements.get('care-feedback-status')) customElements.define('care-feedback-status', FeedbackStatusElement);

declare global {
  interface HTMLElementTagNameMap {
    'care-feedback-status': FeedbackStatusElement;
  }
}
