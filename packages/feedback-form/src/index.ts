/**
 * @careline/feedback-form — `<care-feedback-form>` and `<care-feedback-status>`. No
 * side effects: import `@careline/feedback-form/define.js` to register the elements.
 */
export { FeedbackForm, MAX_DESCRIPTION } from './feedback-form/feedback-form.js';
export { questionControlId } from './feedback-form/control-id.js';
export { FeedbackStatusElement, normalizeReference, isPlausibleReference } from './feedback-status/feedback-status.js';
export { CareFeedbackInvalidEvent, CareFeedbackReceiptEvent, CareFeedbackStartEvent, CareFeedbackSubmitEvent, CareFeedbackTrackEvent, CareFeedbackUrgentEvent } from './events.js';
export * from './questions/index.js';
export { FEEDBACK_LOCALES, registerFeedbackMessages, type FeedbackMessageKey } from './i18n/index.js';
