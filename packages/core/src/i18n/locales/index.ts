/** Every core table, in memory: for tests and for hosts that want to read or extend them. */
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';

export const CORE_LOCALES = { en, id, ms, fa } as const;
