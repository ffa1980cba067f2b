import type { MessageKey, Message } from '../i18n.js';

/** English: the reference table. Every core key must be here (the type enforces it). */
export const en: Record<Extract<MessageKey, `core.${string}`>, Message> = {
  'core.loading': 'Loading…',
  'core.retry': 'Try again',
  'core.dismiss': 'Dismiss',
  'core.cancel': 'Cancel',
  'core.empty': 'Nothing here yet.',
  'core.error.title': 'Something went wrong here.',
  'core.error.detail': 'The rest of the page still works. Please try again in a moment.',
  'core.offline': 'You are offline. What you write is kept and sent when you are back online.',
  'core.config.missing.title': 'This service is not available on this page yet.',
  'core.config.missing.fix': 'For the website team: {fix}',
  'core.config.invalid.title': 'This service is not set up correctly on this page.',
  'core.storage.memoryOnly':
    'This browser is not letting us save your text on this device. Anything not yet sent will be lost if you reload or close this page.',
  'core.outbox.pending': { one: '{count} item waiting to be sent', other: '{count} items waiting to be sent' },
  'core.outbox.sending': 'Sending…',
  'core.outbox.failed': 'Not sent yet. We will keep trying.',
  'core.outbox.rejected': 'Not sent: {reason}',
  'core.outbox.unauthorized': 'Not sent: please sign in again. Your text is kept.',
  'core.outbox.unavailable': 'Not sent: this page could not reach the hospital. Your text is kept here; please try again when you are back online.',
  'core.draft.restored': 'We restored the text you had not sent yet.',
  'core.error.prefix': 'Error:',
};
