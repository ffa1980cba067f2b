/** Registers the community feed's tables in every shipped language. */
import { messageRegistration } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
export type { CommunityMessageKey } from './keys.js';

// English, Indonesian, Malay and Persian (right-to-left); a new language is added here beside them.
export const COMMUNITY_LOCALES = { en, id, ms, fa } as const;

/** Registers the tables in every shipped language, once. */
export const registerCommunityMessages = messageRegistration(COMMUNITY_LOCALES);
