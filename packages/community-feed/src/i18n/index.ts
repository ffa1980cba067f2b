/** Registers the community feed's tables in every shipped language. */
import { registerMessages, type MessageTable } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
export type { CommunityMessageKey } from './keys.js';

// English, Indonesian, Malay and Persian (right-to-left); a new language is added here beside them.
export const COMMUNITY_LOCALES = { en, id, ms, fa } as const;

let registered = false;
export function registerCommunityMessages(): void {
  if (registered) return;
  registered = true;
  for (const [locale, table] of Object.entries(COMMUNITY_LOCALES)) registerMessages(locale, table as MessageTable);
}
