/** Registers the chat's tables in every shipped language. */
import { registerMessages, type MessageTable } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
export type { ChatMessageKey } from './keys.js';

export const CHAT_LOCALES = { en, id, ms, fa } as const;

let registered = false;
export function registerChatMessages(): void {
  if (registered) return;
  registered = true;
  for (const [locale, table] of Object.entries(CHAT_LOCALES)) registerMessages(locale, table as MessageTable);
}
