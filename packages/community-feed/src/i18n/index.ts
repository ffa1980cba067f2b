/**
 * Registers the community feed's tables: the English of the first view in memory (the fallback;
 * the forms bring theirs, en.ts), the other languages
 * loaded when an element on the page needs one, so a page downloads only its own language.
 */
import { messageRegistration } from '@careline/core';
import { enFeed } from './en-feed.js';
export type { CommunityMessageKey } from './keys.js';
export { COMMUNITY_LOCALES } from './tables.js';

/** Registers the tables, once. */
export const registerCommunityMessages = messageRegistration({
  en: enFeed,
  id: () => import('./id.js').then((table) => table.id),
  ms: () => import('./ms.js').then((table) => table.ms),
  fa: () => import('./fa.js').then((table) => table.fa),
});
