/** Registers the chat's tables in every shipped language. */
import { messageRegistration } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
export type { ChatMessageKey } from './keys.js';

export const CHAT_LOCALES = { en, id, ms, fa } as const;

/** Registers the tables in every shipped language, once. */
export const registerChatMessages = messageRegistration(CHAT_LOCALES);
