import type { Message } from '@careline/core';
import type { ChatMessageKey } from './keys.js';
import { enChat } from './en-chat.js';
import { enLauncher } from './en-launcher.js';

/**
 * English: the reference table; the type makes every chat key required. Registered in two parts,
 * each with the code that shows it: the launcher's, and the chat's (loaded when it is needed).
 */
export const en: Record<ChatMessageKey, Message> = { ...enLauncher, ...enChat };
