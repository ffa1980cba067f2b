/**
 * Registers the feedback form's tables: English in memory (the fallback), the other languages
 * loaded when an element on the page needs one, so a page downloads only its own language.
 */
import { messageRegistration } from '@careline/core';
import { en } from './en.js';
export type { FeedbackMessageKey } from './keys.js';
export { FEEDBACK_LOCALES } from './tables.js';

/** Registers the tables, once. */
export const registerFeedbackMessages = messageRegistration({
  en,
  id: () => import('./id.js').then((table) => table.id),
  ms: () => import('./ms.js').then((table) => table.ms),
  fa: () => import('./fa.js').then((table) => table.fa),
});
