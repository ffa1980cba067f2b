import { expect } from '@open-wc/testing';
import type { FeedbackInput } from '@careline/core';
import { painClinicQuestionnaire, wardQuestionSchema } from './fixtures.js';
import type { Answers } from './model.js';
import { fromQuestionnaire } from './questionnaire.js';
import { answersRecord, toQuestionnaireResponse } from './response.js';
import { parseQuestionSchema } from './schema.js';

const pain = fromQuestionnaire(painClinicQuestionnaire);
const ward = parseQuestionSchema(wardQuestionSchema);
const authored = '2024-05-03T09:15:00.000Z';
const STAFF = 'https://hospital.example/fhir/CodeSystem/pain-clinic-staff';

describe('toQuestionnaireResponse', () => {
  it('answers the pain clinic Questionnaire in order, nesting the group, with every value type', () => {
    const answers: Answers = {
      intro: 'ignored: display',
      'visit-date': ' 2024-05-02 ',
      clinician: 'physio',
      'physio-exercises': false,
      'pain-before': '٨',
      'pain-relief': true,
      'pain-after': 7,
      'pain-worse': '  It came back the next day.  ',
      'wait-time': 'Over 30 minutes',
      'wait-told': true,
      recommend: '2',
      'recommend-why': 'Shorter waits',
      'contact-ok': true,
      'contact-method': 'email',
      'contact-detail': 'pat@example.org',
    };
    const response = toQuestionnaireResponse(pain, answers, { authored });
    expect(response).to.deep.equal({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      authored,
      questionnaire: 'https://hospital.example/fhir/Questionnaire/pain-clinic-feedback|2',
      item: [
        { linkId: 'visit-date', text: 'When was your visit?', answer: [{ valueDate: '2024-05-02' }] },
        { linkId: 'clinician', text: 'Whom did you see?', answer: [{ valueCoding: { system: STAFF, code: 'physio', display: 'A physiotherapist' } }] },
        { linkId: 'physio-exercises', text: 'Were you given exercises to do at home?', answer: [{ valueBoolean: false }] },
        { linkId: 'pain-before', text: '1. Before the visit, how bad was your pain (0 none, 10 worst)?', answer: [{ valueInteger: 8 }] },
        { linkId: 'pain-relief', text: '2. Did the treatment relieve your pain?', answer: [{ valueBoolean: true }] },
        { linkId: 'pain-after', text: '3. How bad is your pain now (0 none, 10 worst)?', answer: [{ valueInteger: 7 }] },
        { linkId: 'pain-worse', text: 'Your pain is still severe. What happened after the visit?', answer: [{ valueString: 'It came back the next day.' }] },
        {
          linkId: 'waiting',
          text: 'Waiting times',
          item: [
            { linkId: 'wait-time', text: 'How long did you wait after your appointment time?', answer: [{ valueString: 'Over 30 minutes' }] },
            { linkId: 'wait-told', text: 'Were you told why you had to wait?', answer: [{ valueBoolean: true }] },
          ],
        },
        { linkId: 'recommend', text: 'How likely are you to recommend the clinic to a friend (1 not at all, 5 very likely)?', answer: [{ valueInteger: 2 }] },
        { linkId: 'recommend-why', text: 'What would make you more likely to recommend us?', answer: [{ valueString: 'Shorter waits' }] },
        { linkId: 'contact-ok', text: 'May we contact you about your answers?', answer: [{ valueBoolean: true }] },
        {
          linkId: 'contact-method',
          text: 'How should we contact you?',
          answer: [{ valueCoding: { system: 'http://terminology.hl7.org/CodeSystem/contact-point-system', code: 'email', display: 'By email' } }],
        },
        { linkId: 'contact-detail', text: 'Your phone number or email address', answer: [{ valueString: 'pat@example.org' }] },
      ],
    });
    expect(response).not.to.have.any.keys('subject', 'author');
  });

  it('leaves out hidden answers (a whole chain), unanswered questions and empty groups', () => {
    const response = toQuestionnaireResponse(
      pain,
      { clinician: 'doctor', 'physio-exercises': true, 'pain-relief': false, 'pain-after': 9, 'pain-worse': 'stale', 'wait-time': '  ', recommend: '5', 'recommend-why': 'stale' },
      { authored },
    );
    expect(response.item?.map((item) => item.linkId)).to.deep.equal(['clinician', 'pain-relief', 'recommend']);
  });

  it('omits item when nothing is answered, and questionnaire when the set has none', () => {
    expect(toQuestionnaireResponse(pain, {}, { authored, status: 'completed' })).to.deep.equal({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      authored,
      questionnaire: 'https://hospital.example/fhir/Questionnaire/pain-clinic-feedback|2',
    });
    const response = toQuestionnaireResponse(ward, { nights: 2, ward: 'a' }, { authored, kind: 'complaint' });
    expect(response).not.to.have.property('questionnaire');
    // A schema option has no system: a bare Coding.
    expect(response.item?.[0]).to.deep.equal({ linkId: 'ward', text: 'Which ward were you on?', answer: [{ valueCoding: { code: 'a', display: 'Ward A (surgery)' } }] });
  });

  it('leaves out questions not asked for the kind', () => {
    const response = toQuestionnaireResponse(ward, { ward: 'a', 'incident-date': '2024-05-01', details: 'x' }, { authored, kind: 'question' });
    expect(response.item?.map((item) => item.linkId)).to.deep.equal(['details']);
  });

  it('nests nested groups only as deep as their answered items, in order', () => {
    const set = fromQuestionnaire({
      resourceType: 'Questionnaire',
      item: [
        { linkId: 'a', type: 'string', text: 'A' },
        {
          linkId: 'g1',
          type: 'group',
          text: 'G1',
          item: [
            { linkId: 'g2', type: 'group', text: 'G2', item: [{ linkId: 'b', type: 'string', text: 'B' }] },
            { linkId: 'c', type: 'string', text: 'C' },
          ],
        },
        { linkId: 'd', type: 'string', text: 'D' },
      ],
    });
    expect(toQuestionnaireResponse(set, { c: 'c', d: 'd', a: 'a' }, { authored }).item).to.deep.equal([
      { linkId: 'a', text: 'A', answer: [{ valueString: 'a' }] },
      { linkId: 'g1', text: 'G1', item: [{ linkId: 'c', text: 'C', answer: [{ valueString: 'c' }] }] },
      { linkId: 'd', text: 'D', answer: [{ valueString: 'd' }] },
    ]);
    expect(toQuestionnaireResponse(set, { b: 'b' }, { authored }).item).to.deep.equal([
      { linkId: 'g1', text: 'G1', item: [{ linkId: 'g2', text: 'G2', item: [{ linkId: 'b', text: 'B', answer: [{ valueString: 'b' }] }] }] },
    ]);
  });

  it('leaves out values that cannot be typed rather than sending them malformed', () => {
    const response = toQuestionnaireResponse(pain, { 'visit-date': '2023-02-29', clinician: 'surgeon', 'pain-before': 'lots', recommend: '9' }, { authored });
    expect(response).not.to.have.property('item');
  });

  it('refuses an authored time that is not a FHIR dateTime', () => {
    for (const bad of ['', '2024-05-03', '2024-05-03T09:15', '2024-05-03T09:15:00', 'Fri May 03 2024']) {
      expect(() => toQuestionnaireResponse(pain, {}, { authored: bad }), bad).to.throw(RangeError, /FHIR dateTime/);
    }
    expect(() => toQuestionnaireResponse(pain, {}, { authored: '2024-05-03T09:15:00+03:30' })).not.to.throw();
  });

  it('is what FeedbackInput.questionnaireResponse accepts', () => {
    // A compile-time check as much as a run-time one.
    const sent: FeedbackInput['questionnaireResponse'] = toQuestionnaireResponse(pain, { clinician: 'nurse' }, { authored });
    expect(sent?.resourceType).to.equal('QuestionnaireResponse');
  });
});

describe('answersRecord', () => {
  it('gives the visible, answered values by id, typed and trimmed', () => {
    const answers: Answers = {
      ward: 'other',
      'ward-other': '  Ward 7  ',
      nights: '۳',
      'staff-named': false,
      'staff-name': 'stale: hidden',
      'incident-date': '2024-05-01',
      details: '   ',
      thanks: 'display',
    };
    expect(answersRecord(ward, answers, 'complaint')).to.deep.equal({ ward: 'other', 'ward-other': 'Ward 7', nights: 3, 'incident-date': '2024-05-01' });
    expect(answersRecord(ward, answers, 'compliment')).to.deep.equal({ ward: 'other', 'ward-other': 'Ward 7', nights: 3, 'staff-named': false });
    expect(answersRecord(ward, {})).to.deep.equal({});
  });
});
