/** Registers the feedback form's tables in every shipped language. */
import { messageRegistration } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
export type { FeedbackMessageKey } from './keys.js';

// English, Indonesian, Malay and Persian (right-to-left); a new language is added here beside them.
export const FEEDBACK_LOCALES = { en, id, ms, fa } as const;

/** Registers the tables in every shipped language, once. */
export const registerFeedbackMessages = messageRegistration(FEEDBACK_LOCALES);
