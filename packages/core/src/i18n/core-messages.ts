/** Registers core's own tables: English in memory, the others loaded when a page needs them. */
import { messageRegistration } from './i18n.js';
import { en } from './locales/en.js';

export const registerCoreMessages = messageRegistration({
  en,
  id: () => import('./locales/id.js').then((table) => table.id),
  ms: () => import('./locales/ms.js').then((table) => table.ms),
  fa: () => import('./locales/fa.js').then((table) => table.fa),
});
