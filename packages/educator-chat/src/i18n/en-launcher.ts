import type { Message } from '@careline/core';
import type { ChatMessageKey } from './keys.js';

/** English of the launcher, registered with it; the chat's own comes with its code (en-chat.ts). */
export const enLauncher = {
  'chat.launcher.open': 'Chat with a health educator',
  'chat.load.failed': "The chat could not be loaded. Check your connection and try again.",
} as const satisfies Partial<Record<ChatMessageKey, Message>>;
