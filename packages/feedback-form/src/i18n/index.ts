/**
 * Registers the feedback form's tables: the English of the form's first view in memory (the
 * fallback; the rest of its English comes with the code that shows it, en.ts), the other languages
 * loaded when an element on the page needs one, so a page downloads only its own language.
 */
import { messageRegistration, registerDefaultMessages } from '@careline/core';
import { enForm } from './en-form.js';
import { enStatus } from './en-status.js';
export type { FeedbackMessageKey } from './keys.js';
export { FEEDBACK_LOCALES } from './tables.js';

/** Registers the tables, once. */
export const registerFeedbackMessages = messageRegistration({
  en: enForm,
  id: () => import('./id.js').then((table) => table.id),
  ms: () => import('./ms.js').then((table) => table.ms),
  fa: () => import('./fa.js').then((table) => table.fa),
});

let statusRegistered = false;

/** The tables above and the status element's English (kept out of the form's first download). */
export function registerFeedbackStatusMessages(): void {
  registerFeedbackMessages();
  if (statusRegistered) return;
  statusRegistered = true;
  registerDefaultMessages('en', enStatus);
}
