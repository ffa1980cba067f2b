/** Registers the community feed's tables. */
import { registerMessages, type MessageTable } from '@careline/core';
import { en } from './en.js';
export type { CommunityMessageKey } from './keys.js';

// Indonesian, Malay and Persian are added beside English as they are translated.
export const COMMUNITY_LOCALES = { en } as const;

let registered = false;
export function registerCommunityMessages(): void {
  if (registered) return;
  registered = true;
  for (const [locale, table] of Object.entries(COMMUNITY_LOCALES)) registerMessages(locale, table as MessageTable);
}
