/**
 * Helpers shared by the two parsers and the evaluators. Internal: not re-exported
 * from index.ts except `parseIntegerInput` (through validate.ts) and `isRealDate`.
 */
import { QuestionSchemaError, type EnableCondition, type EnableOperator, type Question } from './model.js';

export const ENABLE_OPERATORS: readonly EnableOperator[] = ['exists', '=', '!=', '>', '<', '>=', '<='];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a number", "null", "an array" — for messages that say what was found instead. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

/** A required string, trimmed; texts stay plain strings (the renderer escapes them). */
export function requiredString(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') throw new QuestionSchemaError(`${what} must be a string, found ${describeValue(value)}`, path);
  const trimmed = value.trim();
  if (trimmed === '') throw new QuestionSchemaError(`${what} must not be empty`, path);
  return trimmed;
}

/** An optional string, trimmed; empty counts as absent. */
export function optionalString(value: unknown, path: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new QuestionSchemaError(`${what} must be a string, found ${describeValue(value)}`, path);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function optionalBoolean(value: unknown, path: string, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new QuestionSchemaError(`${what} must be true or false, found ${describeValue(value)}`, path);
  return value;
}

export function optionalInteger(value: unknown, path: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new QuestionSchemaError(`${what} must be a whole number, found ${describeValue(value)}`, path);
  }
  return value;
}

/** A real calendar date written YYYY-MM-DD (what `<input type="date">` gives). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC so no time zone shifts it.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

const ARABIC_INDIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;

/**
 * A whole number typed by a patient: Latin, Arabic-Indic (٠-٩) or Persian (۰-۹) digits,
 * optionally after a minus ("-" or the Unicode minus "−"). Surrounding spaces and the
 * invisible direction marks an RTL keyboard may add are ignored. No grouping separators
 * or decimals: "1,000" and "2.5" are not whole numbers in every locale, so they are
 * refused rather than guessed. Undefined when it is not a safe integer.
 */
export function parseIntegerInput(text: string): number | undefined {
  const cleaned = text.replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const match = /^([-\u2212]?)([0-9\u0660-\u0669\u06f0-\u06f9]+)$/.exec(cleaned);
  if (!match) return undefined;
  let digits = '';
  for (const char of match[2] ?? '') {
    const code = char.codePointAt(0) ?? 0;
    if (code >= PERSIAN_ZERO) digits += String(code - PERSIAN_ZERO);
    else if (code >= ARABIC_INDIC_ZERO) digits += String(code - ARABIC_INDIC_ZERO);
    else digits += char;
  }
  const magnitude = Number(digits);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  // `0 - 0` would be -0, which prints as "0" but is not `Object.is(…, 0)`.
  return match[1] && magnitude !== 0 ? -magnitude : magnitude;
}

/** Drops keys whose value is undefined, so parsed questions compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== undefined) out[key] = entry;
  return out as T;
}

/** Which operators make sense for the controlling question's type. */
function operatorsFor(type: Question['type']): readonly EnableOperator[] {
  switch (type) {
    case 'integer':
    case 'date':
      return ENABLE_OPERATORS;
    default:
      // Ordering a boolean, free text or an option list has no meaning the patient would see.
      return ['exists', '=', '!='];
  }
}

/**
 * Checks one enable condition against the questions before it and returns it normalised.
 * Both parsers use this, so a condition means the same whichever schema it came from.
 * Conditions may only depend on earlier questions: the form reads top to bottom, and it
 * rules out cycles.
 */
export function checkCondition(
  condition: EnableCondition,
  ownId: string,
  earlier: ReadonlyMap<string, Question>,
  allIds: ReadonlySet<string>,
  path: string,
  /** The key holding the answer in the input ("answer", or FHIR's "answerCoding" …), for the error path. */
  answerKey: string,
): EnableCondition {
  const questionPath = `${path}.question`;
  const operatorPath = `${path}.operator`;
  const answerPath = `${path}.${answerKey}`;
  const { question, operator } = condition;
  if (question === ownId) throw new QuestionSchemaError(`the condition refers to its own question "${ownId}"`, questionPath);
  const target = earlier.get(question);
  if (!target) {
    if (allIds.has(question)) {
      throw new QuestionSchemaError(`the condition refers to "${question}", which comes later; conditions may only depend on earlier questions`, questionPath);
    }
    throw new QuestionSchemaError(`the condition refers to an unknown question "${question}"`, questionPath);
  }
  if (target.type === 'display') {
    throw new QuestionSchemaError(`the condition refers to "${question}", a display item or group, which has no answer`, questionPath);
  }
  if (!ENABLE_OPERATORS.includes(operator)) {
    throw new QuestionSchemaError(`unknown operator ${describeValue(operator)}; use one of ${ENABLE_OPERATORS.join(' ')}`, operatorPath);
  }
  if (!operatorsFor(target.type).includes(operator)) {
    throw new QuestionSchemaError(`operator "${operator}" cannot be used with the ${target.type} question "${question}"; use one of ${operatorsFor(target.type).join(' ')}`, operatorPath);
  }
  let answer = condition.answer;
  if (operator === 'exists') {
    if (typeof answer !== 'boolean') throw new QuestionSchemaError(`"exists" needs the answer true or false, found ${describeValue(answer)}`, answerPath);
    return { question, operator, answer };
  }
  const mismatch = (expected: string) =>
    new QuestionSchemaError(`the ${target.type} question "${question}" is compared with ${describeValue(answer)}; expected ${expected}`, answerPath);
  switch (target.type) {
    case 'boolean':
      if (typeof answer !== 'boolean') throw mismatch('true or false');
      break;
    case 'integer':
      if (typeof answer !== 'number' || !Number.isFinite(answer)) throw mismatch('a number');
      break;
    case 'date':
      if (typeof answer !== 'string' || !isRealDate(answer.trim())) throw mismatch('a date written YYYY-MM-DD');
      answer = answer.trim();
      break;
    case 'string':
    case 'text':
      if (typeof answer !== 'string') throw mismatch('a string');
      answer = answer.trim();
      break;
    case 'choice': {
      // A FHIR valueInteger option is held as its decimal string.
      if (typeof answer === 'number' && Number.isSafeInteger(answer)) answer = String(answer);
      if (typeof answer !== 'string') throw mismatch('one of its option values');
      answer = answer.trim();
      const values = (target.options ?? []).map((option) => option.value);
      if (!values.includes(answer)) {
        throw new QuestionSchemaError(`"${answer}" is not an option of "${question}" (options: ${values.join(', ')})`, answerPath);
      }
      break;
    }
  }
  return { question, operator, answer };
}
