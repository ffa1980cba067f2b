/**
 * Registers the chat's tables: the launcher's English in memory (the fallback; the chat's own
 * English comes with its code, en-chat.ts), the other languages loaded when an element on the
 * page needs one, so a page downloads only its own language.
 */
import { messageRegistration } from '@careline/core';
import { enLauncher } from './en-launcher.js';
export type { ChatMessageKey } from './keys.js';
export { CHAT_LOCALES } from './tables.js';

/** Registers the tables, once. */
export const registerChatMessages = messageRegistration({
  en: enLauncher,
  id: () => import('./id.js').then((table) => table.id),
  ms: () => import('./ms.js').then((table) => table.ms),
  fa: () => import('./fa.js').then((table) => table.fa),
});
