/**
 * The hospital's own small question schema, declared in the page as JSON:
 *
 *   { "title"?: string, "questions": [ { "id", "type", "text", "hint"?, "required"?,
 *     "options"?: [{ "value", "label" }], "maxLength"?, "min"?, "max"?,
 *     "enableWhen"?: [{ "question", "operator", "answer" }], "enableBehavior"?: "all" | "any",
 *     "kinds"?: FeedbackKind[] } ] }
 *
 * or just the array of questions. Validation is strict — unknown keys included — because
 * a typo ("requried") silently ignored would make a question optional in production; the
 * host page's developer gets the exact path instead.
 */
import { FEEDBACK_KINDS, type FeedbackKind } from '@careline/core';
import {
  checkCondition,
  compact,
  describeValue,
  isRecord,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
} from './common.js';
import {
  QuestionSchemaError,
  type EnableCondition,
  type EnableOperator,
  type Question,
  type QuestionOption,
  type QuestionSet,
  type QuestionType,
} from './model.js';

export const QUESTION_TYPES: readonly QuestionType[] = ['string', 'text', 'choice', 'boolean', 'integer', 'date', 'display'];

const SET_KEYS = ['questions', 'title'];
const QUESTION_KEYS = ['id', 'type', 'text', 'hint', 'required', 'options', 'maxLength', 'min', 'max', 'enableWhen', 'enableBehavior', 'kinds'];
const OPTION_KEYS = ['value', 'label'];
const CONDITION_KEYS = ['question', 'operator', 'answer'];

function rejectUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new QuestionSchemaError(`unknown key "${key}"; allowed keys are ${allowed.join(', ')}`, path ? `${path}.${key}` : key);
    }
  }
}

/** Parses and checks the hospital's question schema; throws QuestionSchemaError with the path of the first problem. */
export function parseQuestionSchema(json: unknown): QuestionSet {
  let list: unknown;
  let prefix: string;
  let title: string | undefined;
  if (Array.isArray(json)) {
    list = json;
    prefix = '';
  } else if (isRecord(json)) {
    rejectUnknownKeys(json, SET_KEYS, '');
    if (!Array.isArray(json.questions)) {
      throw new QuestionSchemaError(`must be an array of questions, found ${describeValue(json.questions)}`, 'questions');
    }
    list = json.questions;
    prefix = 'questions';
    title = optionalString(json.title, 'title', 'title');
  } else {
    throw new QuestionSchemaError(`the schema must be an object with "questions" or an array of questions, found ${describeValue(json)}`, '(root)');
  }
  const raw = list as unknown[];

  // First pass: every id, so a condition naming a later question gets the right message.
  const allIds = new Set<string>();
  raw.forEach((entry, index) => {
    const path = `${prefix}[${index}]`;
    if (!isRecord(entry)) throw new QuestionSchemaError(`a question must be an object, found ${describeValue(entry)}`, path);
    if (entry.id === undefined) throw new QuestionSchemaError('the question has no "id"', path);
    const id = requiredString(entry.id, `${path}.id`, 'id');
    if (allIds.has(id)) throw new QuestionSchemaError(`duplicate id "${id}"`, `${path}.id`);
    allIds.add(id);
  });

  const earlier = new Map<string, Question>();
  const questions = raw.map((entry, index) => {
    const question = parseQuestion(entry as Record<string, unknown>, `${prefix}[${index}]`, earlier, allIds);
    earlier.set(question.id, question);
    return question;
  });
  return compact({ questions, title });
}

function parseQuestion(entry: Record<string, unknown>, path: string, earlier: ReadonlyMap<string, Question>, allIds: ReadonlySet<string>): Question {
  rejectUnknownKeys(entry, QUESTION_KEYS, path);
  const id = requiredString(entry.id, `${path}.id`, 'id');
  const type = entry.type;
  if (typeof type !== 'string' || !(QUESTION_TYPES as readonly string[]).includes(type)) {
    throw new QuestionSchemaError(`unknown type ${describeValue(type)}; use one of ${QUESTION_TYPES.join(', ')}`, `${path}.type`);
  }
  const questionType = type as QuestionType;
  if (entry.text === undefined) throw new QuestionSchemaError('the question has no "text"', path);
  const text = requiredString(entry.text, `${path}.text`, 'text');
  const hint = optionalString(entry.hint, `${path}.hint`, 'hint');
  const required = optionalBoolean(entry.required, `${path}.required`, 'required') ?? false;
  if (required && questionType === 'display') throw new QuestionSchemaError('a display question has no answer, so it cannot be required', `${path}.required`);

  const onlyFor = (key: string, types: readonly QuestionType[]) => {
    if (entry[key] !== undefined && !types.includes(questionType)) {
      throw new QuestionSchemaError(`"${key}" applies to ${types.join(' and ')} questions only, not ${questionType}`, `${path}.${key}`);
    }
  };
  onlyFor('options', ['choice']);
  onlyFor('maxLength', ['string', 'text']);
  onlyFor('min', ['integer']);
  onlyFor('max', ['integer']);

  let options: QuestionOption[] | undefined;
  if (questionType === 'choice') options = parseOptions(entry.options, `${path}.options`);

  const maxLength = optionalInteger(entry.maxLength, `${path}.maxLength`, 'maxLength');
  if (maxLength !== undefined && maxLength < 1) throw new QuestionSchemaError(`maxLength must be at least 1, found ${maxLength}`, `${path}.maxLength`);
  const min = optionalInteger(entry.min, `${path}.min`, 'min');
  const max = optionalInteger(entry.max, `${path}.max`, 'max');
  if (min !== undefined && max !== undefined && min > max) {
    throw new QuestionSchemaError(`min (${min}) is greater than max (${max})`, `${path}.min`);
  }

  const enableWhen = parseConditions(entry.enableWhen, `${path}.enableWhen`, id, earlier, allIds);
  let enableBehavior: 'all' | 'any' | undefined;
  if (entry.enableBehavior !== undefined) {
    if (entry.enableBehavior !== 'all' && entry.enableBehavior !== 'any') {
      throw new QuestionSchemaError(`enableBehavior must be "all" or "any", found ${describeValue(entry.enableBehavior)}`, `${path}.enableBehavior`);
    }
    if (!enableWhen) throw new QuestionSchemaError('enableBehavior needs enableWhen', `${path}.enableBehavior`);
    enableBehavior = entry.enableBehavior;
  }
  const kinds = parseKinds(entry.kinds, `${path}.kinds`);

  return compact<Question>({ id, type: questionType, text, hint, required, options, maxLength, min, max, enableWhen, enableBehavior, kinds });
}

function parseOptions(value: unknown, path: string): QuestionOption[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new QuestionSchemaError(`a choice question needs a non-empty array of options, found ${describeValue(value)}`, path);
  }
  const seen = new Set<string>();
  return value.map((option: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(option)) throw new QuestionSchemaError(`an option must be an object with value and label, found ${describeValue(option)}`, at);
    rejectUnknownKeys(option, OPTION_KEYS, at);
    const optionValue = requiredString(option.value, `${at}.value`, 'value');
    if (seen.has(optionValue)) throw new QuestionSchemaError(`duplicate option value "${optionValue}"`, `${at}.value`);
    seen.add(optionValue);
    const label = requiredString(option.label, `${at}.label`, 'label');
    return { value: optionValue, label };
  });
}

function parseConditions(
  value: unknown,
  path: string,
  ownId: string,
  earlier: ReadonlyMap<string, Question>,
  allIds: ReadonlySet<string>,
): EnableCondition[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new QuestionSchemaError(`enableWhen must be a non-empty array of conditions, found ${describeValue(value)}`, path);
  }
  return value.map((condition: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(condition)) throw new QuestionSchemaError(`a condition must be an object, found ${describeValue(condition)}`, at);
    rejectUnknownKeys(condition, CONDITION_KEYS, at);
    const question = requiredString(condition.question, `${at}.question`, 'question');
    if (typeof condition.operator !== 'string') {
      throw new QuestionSchemaError(`operator must be a string, found ${describeValue(condition.operator)}`, `${at}.operator`);
    }
    const answer = condition.answer;
    if (typeof answer !== 'string' && typeof answer !== 'number' && typeof answer !== 'boolean') {
      throw new QuestionSchemaError(`answer must be a string, number or boolean, found ${describeValue(answer)}`, `${at}.answer`);
    }
    return checkCondition({ question, operator: condition.operator as EnableOperator, answer }, ownId, earlier, allIds, at, 'answer');
  });
}

function parseKinds(value: unknown, path: string): FeedbackKind[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    // An empty list would mean "never asked"; omitting it means "always".
    throw new QuestionSchemaError(`kinds must be a non-empty array (omit it to ask for every kind), found ${describeValue(value)}`, path);
  }
  const kinds: FeedbackKind[] = [];
  value.forEach((kind: unknown, index) => {
    if (typeof kind !== 'string' || !(FEEDBACK_KINDS as readonly string[]).includes(kind)) {
      throw new QuestionSchemaError(`unknown kind ${describeValue(kind)}; use ${FEEDBACK_KINDS.join(', ')}`, `${path}[${index}]`);
    }
    if (!kinds.includes(kind as FeedbackKind)) kinds.push(kind as FeedbackKind);
  });
  return kinds;
}
