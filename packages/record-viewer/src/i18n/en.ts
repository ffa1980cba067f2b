import type { Message } from '@careline/core';
import type { RecordMessageKey } from './keys.js';
import { enForms } from './en-forms.js';
import { enViewer } from './en-viewer.js';

/**
 * English: the reference table; the type makes every record key required. Registered in two
 * parts, each with the code that shows it: the viewer, and its forms (loaded on demand).
 */
export const en: Record<RecordMessageKey, Message> = { ...enViewer, ...enForms };
