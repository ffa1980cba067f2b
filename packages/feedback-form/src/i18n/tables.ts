/** Every table of the feedback form, in memory: for tests and for hosts that want to read or extend them. */
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';

// English, Indonesian, Malay and Persian (right-to-left); a new language is added here and in index.ts.
export const FEEDBACK_LOCALES = { en, id, ms, fa } as const;
