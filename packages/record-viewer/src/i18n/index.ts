/** Registers the record viewer's tables in every shipped language. */
import { registerMessages, type MessageTable } from '@careline/core';
import { en } from './en.js';
export type { RecordMessageKey } from './keys.js';

// Indonesian, Malay and Persian are added beside English as they are translated.
export const RECORD_LOCALES = { en } as const;

let registered = false;
export function registerRecordMessages(): void {
  if (registered) return;
  registered = true;
  for (const [locale, table] of Object.entries(RECORD_LOCALES)) registerMessages(locale, table as MessageTable);
}
