/** Registers core's own tables. Imported by everything that renders text. */
import { registerMessages } from './i18n.js';
import { en } from './locales/en.js';
import { id } from './locales/id.js';
import { ms } from './locales/ms.js';
import { fa } from './locales/fa.js';

export const CORE_LOCALES = { en, id, ms, fa } as const;

export function registerCoreMessages(): void {
  for (const [locale, table] of Object.entries(CORE_LOCALES)) registerMessages(locale, table);
}
