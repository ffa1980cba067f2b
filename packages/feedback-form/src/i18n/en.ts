import type { Message } from '@careline/core';
import type { FeedbackMessageKey } from './keys.js';
import { enDetails } from './en-details.js';
import { enForm } from './en-form.js';
import { enStatus } from './en-status.js';

/**
 * English: the reference table; the type makes every feedback key required. Wording follows
 * GOV.UK and NHS.UK. Registered in three parts, each with the code that shows it, so a page
 * downloads only the English it can show: the form's first view, the rest of the form, the status element.
 */
export const en: Record<FeedbackMessageKey, Message> = { ...enForm, ...enDetails, ...enStatus };
