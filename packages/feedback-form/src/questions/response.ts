/**
 * What the form sends: a FHIR R4 QuestionnaireResponse for a Questionnaire, or a plain record
 * of answers for the hospital's own schema. Only visible, answered questions are included —
 * a hidden question's value is a leftover the patient no longer sees. Call `validateAnswers`
 * first: a value that cannot be typed (not a whole number, not a date, not an option) is left
 * out here rather than sent malformed.
 */
import type { FeedbackKind, QuestionnaireResponseJson } from '@careline/core';
import { visibleQuestions } from './conditions.js';
import type { AnswerValue, Answers, Question, QuestionSet } from './model.js';
import { normalizeAnswer } from './validate.js';

export interface ResponseCoding {
  system?: string;
  code: string;
  display?: string;
}

/** One answer; exactly one value[x] is set. */
export interface QuestionnaireResponseAnswer {
  valueString?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueDate?: string;
  valueCoding?: ResponseCoding;
}

/** A question with its answer, or a group with the answered items in it. */
export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

/** The response the form builds; no subject or author — the adapter adds those. */
export interface FeedbackQuestionnaireResponse extends QuestionnaireResponseJson {
  resourceType: 'QuestionnaireResponse';
  status: 'completed';
  questionnaire?: string;
  authored: string;
  /** Absent when nothing was answered: FHIR JSON forbids empty arrays. */
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponseOptions {
  /** When the patient sent it: a FHIR dateTime with seconds and a time zone, e.g. `new Date().toISOString()`. */
  authored: string;
  status?: 'completed';
  /** The feedback kind chosen, so questions not asked for it are left out (as `validateAnswers`). */
  kind?: FeedbackKind;
}

const FHIR_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function toAnswer(question: Question, value: AnswerValue): QuestionnaireResponseAnswer | undefined {
  switch (question.type) {
    case 'string':
    case 'text':
      return { valueString: String(value) };
    case 'boolean':
      return { valueBoolean: value as boolean };
    case 'integer':
      return { valueInteger: value as number };
    case 'date':
      return { valueDate: String(value) };
    case 'choice': {
      const option = question.options?.find((candidate) => candidate.value === value);
      if (!option) return undefined;
      // Answer with the same value[x] the option was declared with, or a validator rejects it.
      if (option.answerType === 'string') return { valueString: option.value };
      if (option.answerType === 'integer') return { valueInteger: Number(option.value) };
      const coding: ResponseCoding = { code: option.value, display: option.label };
      return { valueCoding: option.system !== undefined ? { system: option.system, ...coding } : coding };
    }
    case 'display':
      return undefined;
  }
}

/**
 * Builds the QuestionnaireResponse for the visible, answered questions, in Questionnaire order.
 * Items of a group are nested in a group item, as FHIR requires; a group with nothing answered
 * is left out. Throws RangeError when `authored` is not a FHIR dateTime (a programming error).
 */
export function toQuestionnaireResponse(set: QuestionSet, answers: Answers, options: QuestionnaireResponseOptions): FeedbackQuestionnaireResponse {
  if (!FHIR_DATE_TIME.test(options.authored)) {
    throw new RangeError(`authored must be a FHIR dateTime with seconds and a time zone, e.g. 2024-05-01T10:00:00Z; got ${JSON.stringify(options.authored)}`);
  }
  const byId = new Map(set.questions.map((question) => [question.id, question]));
  const root: QuestionnaireResponseItem[] = [];
  const groups = new Map<string, QuestionnaireResponseItem[]>();

  /**
   * The list a question's item goes into. A group's item is created when its first answered
   * item arrives: questions come in document order, so it lands where the group stands.
   */
  const containerFor = (parentId: string | undefined): QuestionnaireResponseItem[] => {
    if (parentId === undefined) return root;
    const existing = groups.get(parentId);
    if (existing) return existing;
    const group = byId.get(parentId);
    const children: QuestionnaireResponseItem[] = [];
    groups.set(parentId, children);
    containerFor(group?.parent).push({ linkId: parentId, ...(group ? { text: group.text } : {}), item: children });
    return children;
  };

  for (const question of visibleQuestions(set, answers, options.kind)) {
    const value = normalizeAnswer(question, answers[question.id]);
    if (value === undefined) continue;
    const answer = toAnswer(question, value);
    if (!answer) continue;
    containerFor(question.parent).push({ linkId: question.id, text: question.text, answer: [answer] });
  }

  const response: FeedbackQuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    status: options.status ?? 'completed',
    authored: options.authored,
  };
  if (set.questionnaire !== undefined) response.questionnaire = set.questionnaire;
  if (root.length > 0) response.item = root;
  return response;
}

/**
 * The visible, answered values by question id, typed as `normalizeAnswer` gives them (a choice
 * gives its option value) — what the hospital-schema path sends as `FeedbackInput.answers`.
 */
export function answersRecord(set: QuestionSet, answers: Answers, kind?: FeedbackKind): Record<string, AnswerValue> {
  const record: Record<string, AnswerValue> = {};
  for (const question of visibleQuestions(set, answers, kind)) {
    const value = normalizeAnswer(question, answers[question.id]);
    if (value !== undefined) record[question.id] = value;
  }
  return record;
}
