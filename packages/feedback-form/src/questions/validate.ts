/**
 * Checks answers against the questions the patient can see. Hidden questions never block
 * sending: their values are stale leftovers of an earlier choice and are not sent either.
 */
import type { FeedbackKind } from '@careline/core';
import { isRealDate, parseIntegerInput } from './common.js';
import { isAnswered, visibleQuestions } from './conditions.js';
import type { AnswerProblem, AnswerValue, Answers, Question, QuestionSet } from './model.js';

export { isRealDate, parseIntegerInput };

/** Characters as the patient counts them (code points), not UTF-16 units: an emoji is one. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The answer in the type it is sent as, or undefined when there is none or it cannot be one:
 * trimmed text, a whole number (typed text in any supported digits is parsed), true/false, a
 * real YYYY-MM-DD date, or the value of one of the choice's options. Display has none.
 */
export function normalizeAnswer(question: Question, value: AnswerValue | undefined): AnswerValue | undefined {
  if (!isAnswered(value)) return undefined;
  switch (question.type) {
    case 'display':
      return undefined;
    case 'string':
    case 'text':
      return typeof value === 'boolean' ? undefined : String(value).trim();
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'integer':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
      return typeof value === 'string' ? parseIntegerInput(value) : undefined;
    case 'date': {
      if (typeof value !== 'string') return undefined;
      const date = value.trim();
      return isRealDate(date) ? date : undefined;
    }
    case 'choice': {
      if (typeof value === 'boolean') return undefined;
      const chosen = String(value).trim();
      return question.options?.some((option) => option.value === chosen) ? chosen : undefined;
    }
  }
}

/** The problem with one answer to one (visible) question, if any. */
export function validateAnswer(question: Question, value: AnswerValue | undefined): AnswerProblem | undefined {
  if (question.type === 'display') return undefined;
  // A value of the wrong kind for a yes/no question (the form never stores one) is no answer.
  const answered = isAnswered(value) && !(question.type === 'boolean' && typeof value !== 'boolean');
  if (!answered) return question.required ? { kind: 'required' } : undefined;
  const normalized = normalizeAnswer(question, value);
  switch (question.type) {
    case 'string':
    case 'text':
      if (question.maxLength !== undefined && characterCount(String(normalized ?? '')) > question.maxLength) {
        return { kind: 'too-long', max: question.maxLength };
      }
      return undefined;
    case 'integer':
      if (typeof normalized !== 'number') return { kind: 'not-integer' };
      if (question.min !== undefined && normalized < question.min) return { kind: 'too-small', min: question.min };
      if (question.max !== undefined && normalized > question.max) return { kind: 'too-large', max: question.max };
      return undefined;
    case 'date':
      return normalized === undefined ? { kind: 'not-date' } : undefined;
    case 'choice':
      return normalized === undefined ? { kind: 'not-an-option' } : undefined;
    case 'boolean':
      return undefined;
  }
}

/**
 * Problems by question id, in question order, for the questions visible for `kind`
 * (see `visibleQuestions`). An empty map means the answers can be sent.
 */
export function validateAnswers(set: QuestionSet, answers: Answers, kind?: FeedbackKind): Map<string, AnswerProblem> {
  const problems = new Map<string, AnswerProblem>();
  for (const question of visibleQuestions(set, answers, kind)) {
    const problem = validateAnswer(question, answers[question.id]);
    if (problem) problems.set(question.id, problem);
  }
  return problems;
}
