/**
 * Registers the record viewer's tables: the English of its first view in memory (the fallback;
 * its forms bring theirs, en.ts), the other languages
 * loaded when an element on the page needs one, so a page downloads only its own language.
 */
import { messageRegistration } from '@careline/core';
import { enViewer } from './en-viewer.js';
export type { RecordMessageKey } from './keys.js';
export { RECORD_LOCALES } from './tables.js';

/** Registers the tables, once. */
export const registerRecordMessages = messageRegistration({
  en: enViewer,
  id: () => import('./id.js').then((table) => table.id),
  ms: () => import('./ms.js').then((table) => table.ms),
  fa: () => import('./fa.js').then((table) => table.fa),
});
