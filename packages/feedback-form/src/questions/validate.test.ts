import { expect } from '@open-wc/testing';
import { painClinicQuestionnaire, wardQuestionSchema } from './fixtures.js';
import type { AnswerProblem, Answers, Question } from './model.js';
import { fromQuestionnaire } from './questionnaire.js';
import { parseQuestionSchema } from './schema.js';
import { characterCount, isRealDate, normalizeAnswer, parseIntegerInput, validateAnswers } from './validate.js';

const pain = fromQuestionnaire(painClinicQuestionnaire);
const ward = parseQuestionSchema(wardQuestionSchema);
const problems = (answers: Answers, set = pain, kind?: Parameters<typeof validateAnswers>[2]) => Object.fromEntries(validateAnswers(set, answers, kind));
const validPain: Answers = { 'visit-date': '2024-05-02', clinician: 'nurse', 'pain-before': 4 };

describe('parseIntegerInput', () => {
  const cases: Array<[string, number | undefined]> = [
    ['42', 42],
    [' 7 ', 7],
    ['-3', -3],
    ['−3', -3],
    ['-0', 0],
    ['007', 7],
    ['٤٢', 42],
    ['-٥', -5],
    ['۱۲۳', 123],
    ['۰', 0],
    ['1٢۳', 123],
    ['\u200f٤٢\u200f', 42],
    ['', undefined],
    ['  ', undefined],
    ['-', undefined],
    ['+4', undefined],
    ['4.0', undefined],
    ['٤٫٥', undefined],
    ['1,000', undefined],
    ['1 000', undefined],
    ['12a', undefined],
    ['0x10', undefined],
    ['1e3', undefined],
    ['--1', undefined],
    ['9007199254740993', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${String(expected)}`, () => {
      const result = parseIntegerInput(text);
      expect(result).to.equal(expected);
      if (result === 0) expect(Object.is(result, 0)).to.equal(true);
    });
  }
});

describe('isRealDate and characterCount', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(['2024-02-29', '2023-12-31', '0001-01-01'].map(isRealDate)).to.deep.equal([true, true, true]);
    expect(['2023-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '0000-01-01', '2024-1-01', '2024-01-01T00:00', '01/02/2024', '٢٠٢٤-٠١-٠١'].map(isRealDate)).to.deep.equal(
      new Array(9).fill(false),
    );
  });

  it('counts code points', () => {
    expect(characterCount('😀😀')).to.equal(2);
    expect(characterCount('سلام')).to.equal(4);
  });
});

describe('validateAnswers', () => {
  it('accepts a valid answer set', () => {
    expect(validateAnswers(pain, validPain).size).to.equal(0);
  });

  it('reports required questions in question order', () => {
    const result = validateAnswers(pain, { 'pain-before': '  ' });
    expect([...result.entries()]).to.deep.equal([
      ['visit-date', { kind: 'required' }],
      ['clinician', { kind: 'required' }],
      ['pain-before', { kind: 'required' }],
    ]);
  });

  it('checks only visible questions: a hidden required question or a stale bad answer never blocks', () => {
    // contact-detail is required, but hidden until a contact method is chosen.
    expect(problems({ ...validPain, 'contact-ok': true })).to.deep.equal({});
    expect(problems({ ...validPain, 'contact-ok': true, 'contact-method': 'phone' })).to.deep.equal({ 'contact-detail': { kind: 'required' } });
    // pain-after is out of range but hidden once pain-relief is "no".
    expect(problems({ ...validPain, 'pain-relief': true, 'pain-after': 11 })).to.deep.equal({ 'pain-after': { kind: 'too-large', max: 10 } });
    expect(problems({ ...validPain, 'pain-relief': false, 'pain-after': 11 })).to.deep.equal({});
  });

  it('checks whole numbers and their bounds, in any digits', () => {
    const check = (value: Answers[string]) => problems({ ...validPain, 'pain-before': value })['pain-before'];
    expect(check(2.5)).to.deep.equal({ kind: 'not-integer' });
    expect(check('4.5')).to.deep.equal({ kind: 'not-integer' });
    expect(check('four')).to.deep.equal({ kind: 'not-integer' });
    expect(check(true)).to.deep.equal({ kind: 'not-integer' });
    expect(check(Number.POSITIVE_INFINITY)).to.deep.equal({ kind: 'not-integer' });
    expect(check(-1)).to.deep.equal({ kind: 'too-small', min: 0 });
    expect(check('۱۱')).to.deep.equal({ kind: 'too-large', max: 10 });
    expect(check('٠')).to.equal(undefined);
    expect(check(10)).to.equal(undefined);
  });

  it('checks dates are real', () => {
    const check = (value: string) => problems({ ...validPain, 'visit-date': value })['visit-date'];
    expect(check('2023-02-29')).to.deep.equal({ kind: 'not-date' });
    expect(check('yesterday')).to.deep.equal({ kind: 'not-date' });
    expect(check('2024-02-29')).to.equal(undefined);
  });

  it('checks a choice value is one of the options', () => {
    expect(problems({ ...validPain, clinician: 'surgeon' })).to.deep.equal({ clinician: { kind: 'not-an-option' } });
    expect(problems({ ...validPain, clinician: 'A nurse specialist' })).to.deep.equal({ clinician: { kind: 'not-an-option' } });
    expect(problems({ ...validPain, recommend: '3' })).to.deep.equal({});
    expect(problems({ ...validPain, recommend: 3 })).to.deep.equal({});
    expect(problems({ ...validPain, recommend: '6' })).to.deep.equal({ recommend: { kind: 'not-an-option' } });
  });

  it('checks maxLength on trimmed text, counting characters not UTF-16 units', () => {
    const set = parseQuestionSchema([{ id: 's', type: 'string', text: 'S', maxLength: 3 }]);
    expect(problems({ s: '  abc  ' }, set)).to.deep.equal({});
    expect(problems({ s: '😀😀😀' }, set)).to.deep.equal({});
    expect(problems({ s: 'abcd' }, set)).to.deep.equal({ s: { kind: 'too-long', max: 3 } satisfies AnswerProblem });
  });

  it('treats false as an answer to a required yes/no question, and never reports display items', () => {
    const set = parseQuestionSchema([
      { id: 'yes', type: 'boolean', text: 'Y', required: true },
      { id: 'note', type: 'display', text: 'Note' },
    ]);
    expect(problems({ yes: false, note: 'x' }, set)).to.deep.equal({});
    expect(problems({}, set)).to.deep.equal({ yes: { kind: 'required' } });
    expect(problems({ yes: 'no' }, set)).to.deep.equal({ yes: { kind: 'required' } });
  });

  it('follows the feedback kind on the hospital schema', () => {
    expect(problems({}, ward, 'complaint')).to.deep.equal({ ward: { kind: 'required' }, 'incident-date': { kind: 'required' } });
    expect(problems({}, ward, 'question')).to.deep.equal({});
    expect(problems({ ward: 'other', 'incident-date': '2024-05-01' }, ward, 'complaint')).to.deep.equal({ 'ward-other': { kind: 'required' } });
    expect(problems({ ward: 'other', 'ward-other': 'x'.repeat(61), 'incident-date': '2024-05-01', nights: -2 }, ward, 'complaint')).to.deep.equal({
      'ward-other': { kind: 'too-long', max: 60 },
      nights: { kind: 'too-small', min: 0 },
    });
  });
});

describe('normalizeAnswer', () => {
  it('gives the value as it is sent', () => {
    const byId = new Map(pain.questions.map((question) => [question.id, question]));
    const q = (id: string) => byId.get(id) as Question;
    expect(normalizeAnswer(q('pain-before'), '۷')).to.equal(7);
    expect(normalizeAnswer(q('pain-worse'), '  it hurt \n')).to.equal('it hurt');
    expect(normalizeAnswer(q('visit-date'), ' 2024-05-02 ')).to.equal('2024-05-02');
    expect(normalizeAnswer(q('recommend'), 4)).to.equal('4');
    expect(normalizeAnswer(q('pain-relief'), false)).to.equal(false);
    expect(normalizeAnswer(q('intro'), 'x')).to.equal(undefined);
    expect(normalizeAnswer(q('clinician'), 'nobody')).to.equal(undefined);
    expect(normalizeAnswer(q('pain-worse'), '   ')).to.equal(undefined);
  });
});
