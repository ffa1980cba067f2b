import type { Message } from '@careline/core';
import type { CommunityMessageKey } from './keys.js';
import { enForms } from './en-forms.js';
import { enFeed } from './en-feed.js';

/**
 * English: the reference table; the type makes every key required. Registered in two parts,
 * each with the code that shows it: the first view, and the forms (loaded on demand).
 */
export const en: Record<CommunityMessageKey, Message> = { ...enFeed, ...enForms };
