/**
 * A FHIR R4 Questionnaire, the subset a feedback form needs, turned into the question model.
 *
 * Supported: item types string, text, choice (answerOption valueCoding / valueString /
 * valueInteger), boolean, integer, date, display and group; required; maxLength (string and
 * text); prefix (prepended to the text); enableWhen (exists = != > < >= <=, answerBoolean /
 * Decimal / Integer / Date / String / Coding — a Coding compares its code) with enableBehavior;
 * the minValue / maxValue extensions (valueInteger) on integer items.
 *
 * Groups are flattened in document order: a group becomes a display question holding its text,
 * followed by its items, which name it as their `parent`. So the form reads the same, the
 * group's enableWhen still hides its items, and the QuestionnaireResponse nests them under it.
 *
 * Anything else that changes what may be answered (repeats, answerValueSet, readOnly, other item
 * types, items nested under a question) is refused with the linkId, rather than half-supported.
 * Elements that do not (initial values, codes, rendering extensions) are ignored.
 */
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

const SUPPORTED_TYPES: readonly string[] = ['string', 'text', 'choice', 'boolean', 'integer', 'date', 'display', 'group'];
const KNOWN_UNSUPPORTED_TYPES: readonly string[] = ['decimal', 'dateTime', 'time', 'url', 'attachment', 'reference', 'quantity', 'open-choice'];

export const MIN_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/minValue';
export const MAX_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/maxValue';

/** The answer[x] of an enableWhen this subset understands, and how each becomes a plain value. */
const CONDITION_ANSWER_KEYS = ['answerBoolean', 'answerDecimal', 'answerInteger', 'answerDate', 'answerString', 'answerCoding'];

interface Context {
  allIds: ReadonlySet<string>;
  earlier: Map<string, Question>;
  out: Question[];
}

/** Converts a FHIR R4 Questionnaire (as parsed JSON) into a QuestionSet; throws QuestionSchemaError for anything outside the subset. */
export function fromQuestionnaire(json: unknown): QuestionSet {
  if (!isRecord(json)) throw new QuestionSchemaError(`a Questionnaire must be a JSON object, found ${describeValue(json)}`, '(root)');
  if (json.resourceType !== 'Questionnaire') {
    throw new QuestionSchemaError(`resourceType must be "Questionnaire", found ${describeValue(json.resourceType)}`, 'resourceType');
  }
  const url = optionalString(json.url, 'url', 'url');
  const version = optionalString(json.version, 'version', 'version');
  const id = optionalString(json.id, 'id', 'id');
  // The canonical reference QuestionnaireResponse.questionnaire expects; a server-local id otherwise.
  const questionnaire = url ? (version ? `${url}|${version}` : url) : id ? `Questionnaire/${id}` : undefined;
  const title = optionalString(json.title, 'title', 'title');

  const items = json.item === undefined ? [] : json.item;
  if (!Array.isArray(items)) throw new QuestionSchemaError(`item must be an array, found ${describeValue(items)}`, 'item');

  const allIds = new Set<string>();
  collectLinkIds(items, 'item', allIds);
  const context: Context = { allIds, earlier: new Map(), out: [] };
  walk(items, 'item', undefined, context);
  return compact({ questions: context.out, questionnaire, title });
}

/** First pass over the whole tree: linkIds must be unique, and conditions need to know which exist later. */
function collectLinkIds(items: unknown[], path: string, ids: Set<string>): void {
  items.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(item)) throw new QuestionSchemaError(`an item must be an object, found ${describeValue(item)}`, at);
    if (item.linkId === undefined) throw new QuestionSchemaError('the item has no linkId', at);
    const linkId = requiredString(item.linkId, `${at}.linkId`, 'linkId');
    if (ids.has(linkId)) throw new QuestionSchemaError(`duplicate linkId "${linkId}"`, `${at}.linkId`);
    ids.add(linkId);
    if (item.item !== undefined) {
      if (!Array.isArray(item.item)) throw new QuestionSchemaError(`item must be an array, found ${describeValue(item.item)}`, `${at}.item`);
      collectLinkIds(item.item, `${at}.item`, ids);
    }
  });
}

function walk(items: unknown[], path: string, parent: string | undefined, context: Context): void {
  items.forEach((raw, index) => {
    const at = `${path}[${index}]`;
    const item = raw as Record<string, unknown>;
    const linkId = requiredString(item.linkId, `${at}.linkId`, 'linkId');
    const where = `item "${linkId}"`;
    const type = item.type;
    if (typeof type !== 'string') throw new QuestionSchemaError(`${where} has no type`, `${at}.type`);
    if (!SUPPORTED_TYPES.includes(type)) {
      const why = KNOWN_UNSUPPORTED_TYPES.includes(type) ? 'is not supported by this form' : 'is not a FHIR R4 item type';
      throw new QuestionSchemaError(`${where} has type "${type}", which ${why}; supported: ${SUPPORTED_TYPES.join(', ')}`, `${at}.type`);
    }
    if (item.repeats === true) throw new QuestionSchemaError(`${where} repeats; repeating items are not supported by this form`, `${at}.repeats`);
    optionalBoolean(item.repeats, `${at}.repeats`, 'repeats');
    if (item.readOnly === true) throw new QuestionSchemaError(`${where} is readOnly; read-only items are not supported by this form`, `${at}.readOnly`);
    if (item.answerValueSet !== undefined) {
      throw new QuestionSchemaError(`${where} uses answerValueSet; value sets are not supported by this form, list the choices in answerOption`, `${at}.answerValueSet`);
    }

    const text = itemText(item, at, where);
    const required = optionalBoolean(item.required, `${at}.required`, 'required') ?? false;
    const children = (item.item ?? []) as unknown[];
    const enableWhen = parseConditions(item, at, linkId, context);
    const enableBehavior = parseBehavior(item, at, where, enableWhen);

    if (type === 'group') {
      if (required) throw new QuestionSchemaError(`${where}: required groups are not supported by this form; mark the questions in it required`, `${at}.required`);
      if (children.length === 0) throw new QuestionSchemaError(`${where} is a group with no items`, `${at}.item`);
      if (text === undefined) {
        // Its text is the heading the form shows and the anchor its items hang on.
        throw new QuestionSchemaError(`${where} is a group without text; give it a text (it becomes the heading of its items)`, `${at}.text`);
      }
      const question = compact<Question>({ id: linkId, type: 'display', text, required: false, enableWhen, enableBehavior, parent });
      context.out.push(question);
      context.earlier.set(linkId, question);
      walk(children, `${at}.item`, linkId, context);
      return;
    }

    if (children.length > 0) {
      throw new QuestionSchemaError(`${where} has items nested under a ${type}; only groups may contain items in this form`, `${at}.item`);
    }
    if (text === undefined) throw new QuestionSchemaError(`${where} has no text`, `${at}.text`);
    const questionType = type as QuestionType;
    if (required && questionType === 'display') {
      throw new QuestionSchemaError(`${where} is a display item, which has no answer, so it cannot be required`, `${at}.required`);
    }
    if (item.answerOption !== undefined && questionType !== 'choice') {
      throw new QuestionSchemaError(`${where}: answerOption applies to choice items only, not ${type}`, `${at}.answerOption`);
    }
    const options = questionType === 'choice' ? parseAnswerOptions(item.answerOption, `${at}.answerOption`, where) : undefined;

    let maxLength = optionalInteger(item.maxLength, `${at}.maxLength`, 'maxLength');
    if (maxLength !== undefined && maxLength < 1) throw new QuestionSchemaError(`maxLength must be at least 1, found ${maxLength}`, `${at}.maxLength`);
    // FHIR allows maxLength on other simple types too; the form only limits typed text.
    if (questionType !== 'string' && questionType !== 'text') maxLength = undefined;

    const { min, max } = parseBounds(item, at, where, questionType);

    const question = compact<Question>({ id: linkId, type: questionType, text, required, options, maxLength, min, max, enableWhen, enableBehavior, parent });
    context.out.push(question);
    context.earlier.set(linkId, question);
  });
}

/** `prefix` ("1.", "a)") goes in front of the text, so the plain-text renderer shows it. */
function itemText(item: Record<string, unknown>, at: string, where: string): string | undefined {
  const text = optionalString(item.text, `${at}.text`, 'text');
  const prefix = optionalString(item.prefix, `${at}.prefix`, 'prefix');
  if (prefix !== undefined && text === undefined) throw new QuestionSchemaError(`${where} has a prefix but no text`, `${at}.text`);
  return prefix !== undefined ? `${prefix} ${text}` : text;
}

function parseAnswerOptions(value: unknown, path: string, where: string): QuestionOption[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new QuestionSchemaError(`${where} is a choice item without answerOption`, path);
  }
  const seen = new Set<string>();
  return value.map((raw: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(raw)) throw new QuestionSchemaError(`an answerOption must be an object, found ${describeValue(raw)}`, at);
    let option: QuestionOption;
    if (raw.valueCoding !== undefined) {
      const coding = raw.valueCoding;
      if (!isRecord(coding)) throw new QuestionSchemaError(`valueCoding must be an object, found ${describeValue(coding)}`, `${at}.valueCoding`);
      const code = requiredString(coding.code, `${at}.valueCoding.code`, 'code');
      const system = optionalString(coding.system, `${at}.valueCoding.system`, 'system');
      const display = optionalString(coding.display, `${at}.valueCoding.display`, 'display');
      option = compact<QuestionOption>({ value: code, label: display ?? code, system, answerType: 'coding' });
    } else if (raw.valueString !== undefined) {
      const text = requiredString(raw.valueString, `${at}.valueString`, 'valueString');
      option = { value: text, label: text, answerType: 'string' };
    } else if (raw.valueInteger !== undefined) {
      const number = optionalInteger(raw.valueInteger, `${at}.valueInteger`, 'valueInteger') ?? 0;
      option = { value: String(number), label: String(number), answerType: 'integer' };
    } else {
      const key = Object.keys(raw).find((name) => name.startsWith('value'));
      throw new QuestionSchemaError(
        key ? `${key} options are not supported by this form; use valueCoding, valueString or valueInteger` : 'the answerOption has no value',
        key ? `${at}.${key}` : at,
      );
    }
    if (seen.has(option.value)) throw new QuestionSchemaError(`${where} has two options with the value "${option.value}"`, at);
    seen.add(option.value);
    return option;
  });
}

function parseConditions(item: Record<string, unknown>, at: string, linkId: string, context: Context): EnableCondition[] | undefined {
  const value = item.enableWhen;
  if (value === undefined) return undefined;
  const path = `${at}.enableWhen`;
  if (!Array.isArray(value) || value.length === 0) {
    throw new QuestionSchemaError(`enableWhen must be a non-empty array, found ${describeValue(value)}`, path);
  }
  return value.map((raw: unknown, index) => {
    const here = `${path}[${index}]`;
    if (!isRecord(raw)) throw new QuestionSchemaError(`an enableWhen must be an object, found ${describeValue(raw)}`, here);
    const question = requiredString(raw.question, `${here}.question`, 'question');
    if (typeof raw.operator !== 'string') {
      throw new QuestionSchemaError(`operator must be a string, found ${describeValue(raw.operator)}`, `${here}.operator`);
    }
    const answerKeys = Object.keys(raw).filter((key) => key.startsWith('answer'));
    if (answerKeys.length !== 1) {
      throw new QuestionSchemaError(`an enableWhen needs exactly one answer[x], found ${answerKeys.length === 0 ? 'none' : answerKeys.join(', ')}`, here);
    }
    const answerKey = answerKeys[0] as string;
    if (!CONDITION_ANSWER_KEYS.includes(answerKey)) {
      throw new QuestionSchemaError(`${answerKey} is not supported by this form; use ${CONDITION_ANSWER_KEYS.join(', ')}`, `${here}.${answerKey}`);
    }
    let answer: unknown = raw[answerKey];
    if (answerKey === 'answerCoding') {
      // Options are matched by code (their system is kept only to answer with the same Coding).
      if (!isRecord(answer)) throw new QuestionSchemaError(`answerCoding must be a Coding, found ${describeValue(answer)}`, `${here}.answerCoding`);
      answer = requiredString(answer.code, `${here}.answerCoding.code`, 'code');
    }
    if (typeof answer !== 'string' && typeof answer !== 'number' && typeof answer !== 'boolean') {
      throw new QuestionSchemaError(`${answerKey} must be a plain value, found ${describeValue(answer)}`, `${here}.${answerKey}`);
    }
    const expected: Record<string, string> = {
      answerBoolean: 'boolean',
      answerDecimal: 'number',
      answerInteger: 'number',
      answerDate: 'string',
      answerString: 'string',
      answerCoding: 'string',
    };
    if (typeof answer !== expected[answerKey]) {
      throw new QuestionSchemaError(`${answerKey} must be a ${expected[answerKey]}, found ${describeValue(answer)}`, `${here}.${answerKey}`);
    }
    if (answerKey === 'answerInteger' && !Number.isSafeInteger(answer)) {
      throw new QuestionSchemaError(`answerInteger must be a whole number, found ${describeValue(answer)}`, `${here}.answerInteger`);
    }
    return checkCondition({ question, operator: raw.operator as EnableOperator, answer }, linkId, context.earlier, context.allIds, here, answerKey);
  });
}

function parseBehavior(item: Record<string, unknown>, at: string, where: string, enableWhen: EnableCondition[] | undefined): 'all' | 'any' | undefined {
  const value = item.enableBehavior;
  if (value === undefined) {
    // FHIR invariant que-12: with several conditions the author must say how they combine.
    if (enableWhen && enableWhen.length > 1) throw new QuestionSchemaError(`${where} has several enableWhen but no enableBehavior ("all" or "any")`, `${at}.enableBehavior`);
    return undefined;
  }
  if (value !== 'all' && value !== 'any') throw new QuestionSchemaError(`enableBehavior must be "all" or "any", found ${describeValue(value)}`, `${at}.enableBehavior`);
  if (!enableWhen) throw new QuestionSchemaError(`${where} has enableBehavior without enableWhen`, `${at}.enableBehavior`);
  return value;
}

/** The minValue / maxValue extensions with valueInteger, on integer items; elsewhere they would be ignored silently, so they are refused. */
function parseBounds(item: Record<string, unknown>, at: string, where: string, type: QuestionType): { min?: number; max?: number } {
  const extensions = item.extension;
  if (extensions === undefined) return {};
  if (!Array.isArray(extensions)) throw new QuestionSchemaError(`extension must be an array, found ${describeValue(extensions)}`, `${at}.extension`);
  const bounds: { min?: number; max?: number } = {};
  extensions.forEach((extension: unknown, index) => {
    const here = `${at}.extension[${index}]`;
    if (!isRecord(extension)) throw new QuestionSchemaError(`an extension must be an object, found ${describeValue(extension)}`, here);
    const bound = extension.url === MIN_VALUE_URL ? 'min' : extension.url === MAX_VALUE_URL ? 'max' : undefined;
    if (!bound) return; // Other extensions (item control, rendering hints) do not change what is valid.
    const name = bound === 'min' ? 'minValue' : 'maxValue';
    if (type !== 'integer') throw new QuestionSchemaError(`${where}: the ${name} extension is supported on integer items only, not ${type}`, here);
    if (extension.valueInteger === undefined) {
      throw new QuestionSchemaError(`${where}: the ${name} extension must use valueInteger on an integer item`, here);
    }
    if (bounds[bound] !== undefined) throw new QuestionSchemaError(`${where} has two ${name} extensions`, here);
    bounds[bound] = optionalInteger(extension.valueInteger, `${here}.valueInteger`, 'valueInteger');
  });
  if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    throw new QuestionSchemaError(`${where}: minValue (${bounds.min}) is greater than maxValue (${bounds.max})`, `${at}.extension`);
  }
  return bounds;
}
