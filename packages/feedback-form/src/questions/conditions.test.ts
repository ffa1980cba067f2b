import { expect } from '@open-wc/testing';
import { indexQuestions, isAnswered, isEnabled, visibleQuestions } from './conditions.js';
import { painClinicQuestionnaire, wardQuestionSchema } from './fixtures.js';
import type { Answers, Question } from './model.js';
import { fromQuestionnaire } from './questionnaire.js';
import { parseQuestionSchema } from './schema.js';

const pain = fromQuestionnaire(painClinicQuestionnaire);
const ward = parseQuestionSchema(wardQuestionSchema);
const visibleIds = (answers: Answers, set = pain, kind?: Parameters<typeof visibleQuestions>[2]) => visibleQuestions(set, answers, kind).map((question) => question.id);
const has = (answers: Answers, id: string, set = pain) => visibleIds(answers, set).includes(id);

describe('isAnswered', () => {
  it('counts false and 0 as answers, blank text and NaN not', () => {
    expect([false, 0, 'a', ' x '].map(isAnswered)).to.deep.equal([true, true, true, true]);
    expect([undefined, '', '  \n', Number.NaN].map(isAnswered)).to.deep.equal([false, false, false, false]);
  });
});

describe('visibleQuestions (FHIR semantics)', () => {
  it('shows unconditional questions and "!=" ones before anything is answered', () => {
    expect(visibleIds({})).to.deep.equal([
      'intro',
      'visit-date',
      'clinician',
      'pain-before',
      'pain-relief',
      'waiting',
      'wait-time',
      'recommend',
      // R4 "!=": true while unanswered.
      'recommend-why',
      'contact-ok',
    ]);
  });

  it('"=" on a Coding compares the code', () => {
    expect(has({ clinician: 'physio' }, 'physio-exercises')).to.equal(true);
    expect(has({ clinician: 'nurse' }, 'physio-exercises')).to.equal(false);
  });

  it('"!=" hides only on the equal answer', () => {
    expect(has({ recommend: '4' }, 'recommend-why')).to.equal(true);
    expect(has({ recommend: '5' }, 'recommend-why')).to.equal(false);
  });

  it('follows a nested chain, and a hidden controller counts as unanswered', () => {
    // pain-worse ← pain-after (> 6) ← pain-relief (= true)
    expect(has({ 'pain-relief': true, 'pain-after': 8 }, 'pain-worse')).to.equal(true);
    expect(has({ 'pain-relief': true, 'pain-after': 6 }, 'pain-worse')).to.equal(false);
    // The patient changed pain-relief to "no": pain-after is hidden, so its stale 8 no longer counts.
    const stale = { 'pain-relief': false, 'pain-after': 8 };
    expect(has(stale, 'pain-after')).to.equal(false);
    expect(has(stale, 'pain-worse')).to.equal(false);
    // exists on a hidden controller: contact-detail ← contact-method (exists) ← contact-ok (= true)
    expect(has({ 'contact-ok': true, 'contact-method': 'email' }, 'contact-detail')).to.equal(true);
    expect(has({ 'contact-ok': true }, 'contact-detail')).to.equal(false);
    expect(has({ 'contact-ok': false, 'contact-method': 'email' }, 'contact-detail')).to.equal(false);
  });

  it('enableBehavior all needs every condition', () => {
    expect(has({ 'pain-relief': false, 'pain-before': 7 }, 'improve')).to.equal(true);
    expect(has({ 'pain-relief': false, 'pain-before': 6 }, 'improve')).to.equal(false);
    expect(has({ 'pain-relief': true, 'pain-before': 9 }, 'improve')).to.equal(false);
    expect(has({ 'pain-before': 9 }, 'improve')).to.equal(false);
  });

  it('enableBehavior any needs one condition', () => {
    expect(has({ 'wait-time': 'Over 30 minutes' }, 'wait-told')).to.equal(true);
    expect(has({ 'wait-time': '15 to 30 minutes' }, 'wait-told')).to.equal(true);
    expect(has({ 'wait-time': 'Under 15 minutes' }, 'wait-told')).to.equal(false);
    expect(has({}, 'wait-told')).to.equal(false);
  });

  it('compares typed integers in any digits, and ignores surrounding spaces in text', () => {
    expect(has({ 'pain-relief': true, 'pain-after': '۸' }, 'pain-worse')).to.equal(true);
    expect(has({ 'pain-relief': true, 'pain-after': '٣' }, 'pain-worse')).to.equal(false);
    expect(has({ 'wait-time': ' Over 30 minutes ' }, 'wait-told')).to.equal(true);
  });

  it('hides a group with its items, whatever their own conditions', () => {
    const set = fromQuestionnaire({
      resourceType: 'Questionnaire',
      item: [
        { linkId: 'stayed', type: 'boolean', text: 'Did you stay overnight?' },
        {
          linkId: 'night',
          type: 'group',
          text: 'Your night',
          enableWhen: [{ question: 'stayed', operator: '=', answerBoolean: true }],
          item: [
            { linkId: 'slept', type: 'boolean', text: 'Did you sleep?' },
            { linkId: 'why', type: 'string', text: 'Why not?', enableWhen: [{ question: 'slept', operator: '=', answerBoolean: false }] },
          ],
        },
        { linkId: 'after', type: 'string', text: 'After', enableWhen: [{ question: 'slept', operator: 'exists', answerBoolean: false }] },
      ],
    });
    expect(visibleIds({ stayed: true, slept: false }, set)).to.deep.equal(['stayed', 'night', 'slept', 'why']);
    // Leaving the group hides "why" and makes "slept" unanswered for "after".
    expect(visibleIds({ stayed: false, slept: false }, set)).to.deep.equal(['stayed', 'after']);
  });

  it('orders dates and numbers with < > <= >=', () => {
    const set = parseQuestionSchema([
      { id: 'd', type: 'date', text: 'D' },
      { id: 'n', type: 'integer', text: 'N' },
      { id: 'before', type: 'display', text: 'x', enableWhen: [{ question: 'd', operator: '<', answer: '2024-03-01' }] },
      { id: 'from', type: 'display', text: 'x', enableWhen: [{ question: 'd', operator: '>=', answer: '2024-03-01' }] },
      { id: 'small', type: 'display', text: 'x', enableWhen: [{ question: 'n', operator: '<=', answer: -1 }] },
      { id: 'big', type: 'display', text: 'x', enableWhen: [{ question: 'n', operator: '>', answer: 10 }] },
    ]);
    expect(visibleIds({ d: '2024-02-29', n: -1 }, set)).to.deep.equal(['d', 'n', 'before', 'small']);
    expect(visibleIds({ d: '2024-03-01', n: 11 }, set)).to.deep.equal(['d', 'n', 'from', 'big']);
    // Unanswered: ordering operators are false.
    expect(visibleIds({}, set)).to.deep.equal(['d', 'n']);
    // Text that is not a number cannot be ordered.
    expect(visibleIds({ n: 'lots' }, set)).to.deep.equal(['d', 'n']);
  });

  it('filters by feedback kind, and a question not asked for the kind hides its dependants', () => {
    expect(visibleIds({}, ward, 'compliment')).to.deep.equal(['ward', 'nights', 'staff-named', 'details', 'thanks']);
    expect(visibleIds({}, ward, 'complaint')).to.deep.equal(['ward', 'nights', 'incident-date', 'details', 'thanks']);
    expect(visibleIds({}, ward, 'question')).to.deep.equal(['nights', 'details', 'thanks']);
    expect(visibleIds({ 'staff-named': true }, ward, 'compliment')).to.include('staff-name');
    expect(visibleIds({ 'staff-named': true }, ward, 'complaint')).to.not.include('staff-name');
    expect(visibleIds({ ward: 'other' }, ward, 'suggestion')).to.not.include('ward-other');
    // No kind: every question counts.
    expect(visibleIds({ ward: 'other' }, ward)).to.include.members(['ward', 'ward-other', 'staff-named', 'incident-date']);
  });
});

describe('isEnabled', () => {
  it('evaluates one question against the index', () => {
    const byId = indexQuestions(pain);
    const question = byId.get('pain-worse') as Question;
    expect(isEnabled(question, { 'pain-relief': true, 'pain-after': 9 }, byId)).to.equal(true);
    expect(isEnabled(question, { 'pain-relief': false, 'pain-after': 9 }, byId)).to.equal(false);
    const wardById = indexQuestions(ward);
    const incidentDate = wardById.get('incident-date') as Question;
    expect(isEnabled(incidentDate, {}, wardById, 'compliment')).to.equal(false);
    expect(isEnabled(incidentDate, {}, wardById, 'complaint')).to.equal(true);
  });

  it('treats a cycle in a hand-built set as disabled instead of recursing forever', () => {
    const a: Question = { id: 'a', type: 'boolean', text: 'A', required: false, enableWhen: [{ question: 'b', operator: '!=', answer: true }] };
    const b: Question = { id: 'b', type: 'boolean', text: 'B', required: false, enableWhen: [{ question: 'a', operator: '!=', answer: true }] };
    const byId = indexQuestions([a, b]);
    expect(() => isEnabled(a, { a: true, b: true }, byId)).not.to.throw();
    expect(isEnabled({ id: 'c', type: 'string', text: 'C', required: false, enableWhen: [{ question: 'missing', operator: 'exists', answer: false }] }, {}, byId)).to.equal(true);
  });
});
