/**
 * Which questions are asked, given the answers so far — FHIR R4 enableWhen semantics:
 *
 * - A question is enabled when its conditions hold (all of them, or any with
 *   `enableBehavior: 'any'`), its group (`parent`) is enabled, and it is asked for the
 *   feedback kind.
 * - A controlling question that is itself disabled counts as unanswered, whatever value the
 *   form still holds for it (R4: "the logic should proceed as though the item is not valued").
 *   So hiding one question hides the whole chain that depends on it.
 * - `exists` compares "has an answer" with true/false.
 * - `!=` is TRUE when the question is unanswered. R4 defines it as "no answer has a value
 *   equal to the enableWhen answer", which holds vacuously with no answer. So a question
 *   "shown unless X is chosen" shows until X is chosen. `=`, `>`, `<`, `>=`, `<=` need an answer.
 * - Blank text (only spaces) counts as unanswered, as validation treats it.
 */
import { parseIntegerInput } from './common.js';
import type { AnswerValue, Answers, EnableCondition, Question, QuestionSet } from './model.js';
import type { FeedbackKind } from '@careline/core';

export type QuestionIndex = ReadonlyMap<string, Question>;

/** The questions by id, as `isEnabled` wants them. */
export function indexQuestions(set: QuestionSet | readonly Question[]): Map<string, Question> {
  const questions = 'questions' in set ? set.questions : set;
  return new Map(questions.map((question) => [question.id, question]));
}

/** Whether the form holds an answer: not undefined, not blank text, not NaN. `false` is an answer. */
export function isAnswered(value: AnswerValue | undefined): value is AnswerValue {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'number') return !Number.isNaN(value);
  return true;
}

/** Whether the question applies to this kind of feedback; every question applies when no kind is given. */
export function isAskedFor(question: Question, kind: FeedbackKind | undefined): boolean {
  return kind === undefined || question.kinds === undefined || question.kinds.includes(kind);
}

/**
 * Evaluates enablement with memo (a form re-evaluates on every keystroke, and chains make
 * naive recursion repeat work) and a guard against cycles in hand-built sets, which the
 * parsers never produce: a question in a cycle counts as disabled.
 */
class Evaluator {
  private readonly cache = new Map<string, boolean>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly answers: Answers,
    private readonly byId: QuestionIndex,
    private readonly kind: FeedbackKind | undefined,
  ) {}

  enabled(question: Question): boolean {
    const cached = this.cache.get(question.id);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(question.id)) return false;
    this.inProgress.add(question.id);
    const result = this.compute(question);
    this.inProgress.delete(question.id);
    this.cache.set(question.id, result);
    return result;
  }

  private compute(question: Question): boolean {
    if (!isAskedFor(question, this.kind)) return false;
    if (question.parent !== undefined) {
      const parent = this.byId.get(question.parent);
      if (parent && !this.enabled(parent)) return false;
    }
    const conditions = question.enableWhen;
    if (!conditions || conditions.length === 0) return true;
    const holds = (condition: EnableCondition) => this.holds(condition);
    return question.enableBehavior === 'any' ? conditions.some(holds) : conditions.every(holds);
  }

  /** The answer that counts: none when the controlling question is unknown, disabled or a display. */
  private effectiveAnswer(id: string): { question: Question; value: AnswerValue } | undefined {
    const question = this.byId.get(id);
    if (!question || question.type === 'display' || !this.enabled(question)) return undefined;
    const value = this.answers[id];
    return isAnswered(value) ? { question, value } : undefined;
  }

  private holds(condition: EnableCondition): boolean {
    const found = this.effectiveAnswer(condition.question);
    switch (condition.operator) {
      case 'exists':
        return (found !== undefined) === condition.answer;
      case '!=':
        return found === undefined || compare(found.value, condition.answer) !== 0;
      case '=':
        return found !== undefined && compare(found.value, condition.answer) === 0;
      case '>':
        return found !== undefined && ordered(compare(found.value, condition.answer), (c) => c > 0);
      case '<':
        return found !== undefined && ordered(compare(found.value, condition.answer), (c) => c < 0);
      case '>=':
        return found !== undefined && ordered(compare(found.value, condition.answer), (c) => c >= 0);
      case '<=':
        return found !== undefined && ordered(compare(found.value, condition.answer), (c) => c <= 0);
      default:
        return false;
    }
  }
}

function ordered(comparison: number | undefined, test: (comparison: number) => boolean): boolean {
  return comparison !== undefined && test(comparison);
}

/**
 * -1, 0 or 1 comparing an answer with a condition's value, or undefined when they cannot be
 * compared (then `=` and the orderings are false and `!=` is true). Numbers compare as numbers
 * (typed integers arrive as text in any digits), dates as YYYY-MM-DD strings, which sort
 * chronologically; booleans only equal or differ.
 */
function compare(value: AnswerValue, expected: string | number | boolean): number | undefined {
  if (typeof expected === 'boolean') {
    if (typeof value !== 'boolean') return undefined;
    return value === expected ? 0 : 1;
  }
  if (typeof expected === 'number') {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? parseIntegerInput(value) : undefined;
    if (number === undefined) return undefined;
    return Math.sign(number - expected);
  }
  if (typeof value === 'boolean') return undefined;
  const text = String(value).trim();
  return text === expected ? 0 : text < expected ? -1 : 1;
}

/** Whether the question is shown, given the answers; see the module comment for the semantics. */
export function isEnabled(question: Question, answers: Answers, byId: QuestionIndex, kind?: FeedbackKind): boolean {
  return new Evaluator(answers, byId, kind).enabled(question);
}

/**
 * The questions the patient sees now, in order: enabled and asked for `kind`. Without `kind`,
 * `kinds` does not filter (every question counts), e.g. before the patient has chosen one.
 */
export function visibleQuestions(set: QuestionSet, answers: Answers, kind?: FeedbackKind): Question[] {
  const evaluator = new Evaluator(answers, indexQuestions(set), kind);
  return set.questions.filter((question) => evaluator.enabled(question));
}
