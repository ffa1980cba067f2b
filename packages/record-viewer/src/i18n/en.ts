import type { Message } from '@careline/core';
import type { RecordMessageKey } from './keys.js';
import { enForms } from './en-forms.js';
import { enTrend } from './en-trend.js';
import { enViewer } from './en-viewer.js';

/**
 * English: the reference table; the type makes every record key required. Registered in three
 * parts, each with the code that shows it: the viewer, its forms and its trends (loaded on demand).
 */
export const en: Record<RecordMessageKey, Message> = { ...enViewer, ...enForms, ...enTrend };
