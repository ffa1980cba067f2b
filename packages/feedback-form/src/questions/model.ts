/**
 * The one question model the form renders. Both the hospital's small question
 * schema (`parseQuestionSchema`) and a FHIR R4 Questionnaire (`fromQuestionnaire`)
 * become this; answers are validated and conditions evaluated on it alone.
 */
import type { FeedbackKind } from '@careline/core';

export type QuestionType = 'string' | 'text' | 'choice' | 'boolean' | 'integer' | 'date' | 'display';

export interface QuestionOption {
  /** What is stored and sent (a FHIR Coding code, or the schema's value). */
  value: string;
  /** What the patient reads. Plain text, never HTML. */
  label: string;
  /** FHIR only: the Coding's system, kept so the QuestionnaireResponse answers with the same Coding. */
  system?: string | undefined;
  /**
   * FHIR only: which answerOption value[x] this came from (`coding` when absent), so the
   * QuestionnaireResponse answers with the same type — a validator rejects a valueCoding
   * answer to a valueString option.
   */
  answerType?: 'coding' | 'string' | 'integer' | undefined;
}

export type EnableOperator = 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';

export interface EnableCondition {
  /** The id of the question whose answer decides. */
  question: string;
  operator: EnableOperator;
  /** For `exists`: true or false. Otherwise compared with the answer (a choice compares its `value`). */
  answer: string | number | boolean;
}

export interface Question {
  /** Unique in the form; a FHIR `linkId`. */
  id: string;
  type: QuestionType;
  /** The question, or the display text. Plain text, never HTML. */
  text: string;
  hint?: string | undefined;
  required: boolean;
  /** choice only. */
  options?: QuestionOption[] | undefined;
  /** string and text: most characters accepted. */
  maxLength?: number | undefined;
  /** integer only. */
  min?: number | undefined;
  max?: number | undefined;
  /** Shown only when these hold (all of them, or any with `enableBehavior: 'any'`). */
  enableWhen?: EnableCondition[] | undefined;
  enableBehavior?: 'all' | 'any' | undefined;
  /** Asked only for these kinds of feedback; every kind when absent. */
  kinds?: FeedbackKind[] | undefined;
  /**
   * FHIR only: the id of the group (a display question holding the group's text) this
   * question was nested in. It is shown only while that group is, and the
   * QuestionnaireResponse nests its answer under the group, as FHIR requires.
   */
  parent?: string | undefined;
}

/** An answer as the form holds it: text for string/text/date, a number for integer, true/false, a choice's value. */
export type AnswerValue = string | number | boolean;
export type Answers = Record<string, AnswerValue | undefined>;

export interface QuestionSet {
  questions: Question[];
  /** From a FHIR Questionnaire: its canonical url (with `|version` when given), for QuestionnaireResponse.questionnaire. */
  questionnaire?: string | undefined;
  /** From a FHIR Questionnaire: its title, shown as the section heading. */
  title?: string | undefined;
}

/** Why an answer is not accepted, for the form to turn into words in the patient's language. */
export type AnswerProblem =
  | { kind: 'required' }
  | { kind: 'too-long'; max: number }
  | { kind: 'not-integer' }
  | { kind: 'too-small'; min: number }
  | { kind: 'too-large'; max: number }
  | { kind: 'not-date' }
  | { kind: 'not-an-option' };

/** A schema or Questionnaire the form cannot use: the host page is told why, in English for its developers. */
export class QuestionSchemaError extends Error {
  constructor(
    message: string,
    /** Where in the input, e.g. "questions[2].options" or "item[0].item[1].enableWhen[0]". */
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'QuestionSchemaError';
  }
}
