import { idPart } from '@careline/core';
import type { Question } from '../questions/index.js';

/**
 * The id of a hospital question's first control (a radio group's first radio), for an error
 * summary's link. A module of its own: only the form past its first question needs it.
 */
export function questionControlId(question: Question): string {
  return `feedback-q-${idPart(question.id)}`;
}
