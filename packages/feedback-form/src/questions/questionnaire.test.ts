import { expect } from '@open-wc/testing';
import { painClinicQuestionnaire, xssQuestionnaire } from './fixtures.js';
import { QuestionSchemaError } from './model.js';
import { fromQuestionnaire, MAX_VALUE_URL, MIN_VALUE_URL } from './questionnaire.js';

function questionnaireError(input: unknown): QuestionSchemaError {
  try {
    fromQuestionnaire(input);
  } catch (error) {
    expect(error).to.be.instanceOf(QuestionSchemaError);
    return error as QuestionSchemaError;
  }
  throw new Error('expected a QuestionSchemaError, but the Questionnaire was accepted');
}

const q = (...item: unknown[]) => ({ resourceType: 'Questionnaire', status: 'active', item });
const yesNo = { linkId: 'yes', type: 'boolean', text: 'Yes?' };

describe('fromQuestionnaire', () => {
  it('converts the pain clinic Questionnaire, flattening its group', () => {
    const set = fromQuestionnaire(painClinicQuestionnaire);
    expect(set.questionnaire).to.equal('https://hospital.example/fhir/Questionnaire/pain-clinic-feedback|2');
    expect(set.title).to.equal('Pain clinic feedback');
    expect(set.questions.map((question) => `${question.id}:${question.type}`)).to.deep.equal([
      'intro:display',
      'visit-date:date',
      'clinician:choice',
      'physio-exercises:boolean',
      'pain-before:integer',
      'pain-relief:boolean',
      'pain-after:integer',
      'pain-worse:text',
      'improve:text',
      'waiting:display',
      'wait-time:choice',
      'wait-told:boolean',
      'recommend:choice',
      'recommend-why:string',
      'contact-ok:boolean',
      'contact-method:choice',
      'contact-detail:string',
    ]);
    const byId = new Map(set.questions.map((question) => [question.id, question]));
    expect(byId.get('clinician')).to.deep.equal({
      id: 'clinician',
      type: 'choice',
      text: 'Whom did you see?',
      required: true,
      options: [
        { value: 'doctor', label: 'A doctor', system: 'https://hospital.example/fhir/CodeSystem/pain-clinic-staff', answerType: 'coding' },
        { value: 'nurse', label: 'A nurse specialist', system: 'https://hospital.example/fhir/CodeSystem/pain-clinic-staff', answerType: 'coding' },
        { value: 'physio', label: 'A physiotherapist', system: 'https://hospital.example/fhir/CodeSystem/pain-clinic-staff', answerType: 'coding' },
      ],
    });
    // answerCoding compares the code.
    expect(byId.get('physio-exercises')?.enableWhen).to.deep.equal([{ question: 'clinician', operator: '=', answer: 'physio' }]);
    expect(byId.get('pain-before')).to.deep.equal({
      id: 'pain-before',
      type: 'integer',
      text: '1. Before the visit, how bad was your pain (0 none, 10 worst)?',
      required: true,
      min: 0,
      max: 10,
    });
    expect(byId.get('improve')).to.include({ enableBehavior: 'all', maxLength: 1000 });
    expect(byId.get('waiting')).to.deep.equal({ id: 'waiting', type: 'display', text: 'Waiting times', required: false });
    expect(byId.get('wait-time')?.parent).to.equal('waiting');
    expect(byId.get('wait-time')?.options?.[0]).to.deep.equal({ value: 'Under 15 minutes', label: 'Under 15 minutes', answerType: 'string' });
    expect(byId.get('wait-told')).to.include({ parent: 'waiting', enableBehavior: 'any' });
    expect(byId.get('recommend')?.options?.map((option) => option.value)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(byId.get('recommend')?.options?.[4]).to.deep.equal({ value: '5', label: '5', answerType: 'integer' });
    // answerInteger against an integer option is held as the option's value.
    expect(byId.get('recommend-why')?.enableWhen).to.deep.equal([{ question: 'recommend', operator: '!=', answer: '5' }]);
    expect(byId.get('contact-detail')?.enableWhen).to.deep.equal([{ question: 'contact-method', operator: 'exists', answer: true }]);
    expect(byId.get('intro')?.parent).to.equal(undefined);
  });

  it('the pain clinic fixture covers every supported type, option kind and operator (the form and docs rely on it)', () => {
    const set = fromQuestionnaire(painClinicQuestionnaire);
    const types = new Set(set.questions.map((question) => question.type));
    expect([...types].sort()).to.deep.equal(['boolean', 'choice', 'date', 'display', 'integer', 'string', 'text']);
    const optionTypes = new Set(set.questions.flatMap((question) => (question.options ?? []).map((option) => option.answerType)));
    expect([...optionTypes].sort()).to.deep.equal(['coding', 'integer', 'string']);
    const operators = new Set(set.questions.flatMap((question) => (question.enableWhen ?? []).map((condition) => condition.operator)));
    expect([...operators].sort()).to.deep.equal(['!=', '=', '>', '>=', 'exists']);
    expect(set.questions.some((question) => question.parent)).to.equal(true);
  });

  it('references the Questionnaire by url, url|version, or Questionnaire/<id>', () => {
    expect(fromQuestionnaire({ ...q(yesNo), url: 'https://x.example/Q/1' }).questionnaire).to.equal('https://x.example/Q/1');
    expect(fromQuestionnaire({ ...q(yesNo), url: 'https://x.example/Q/1', version: '3.1', id: 'abc' }).questionnaire).to.equal('https://x.example/Q/1|3.1');
    expect(fromQuestionnaire({ ...q(yesNo), id: 'abc' }).questionnaire).to.equal('Questionnaire/abc');
    expect(fromQuestionnaire(q(yesNo))).to.deep.equal({ questions: [{ id: 'yes', type: 'boolean', text: 'Yes?', required: false }] });
    expect(fromQuestionnaire({ resourceType: 'Questionnaire', status: 'draft' })).to.deep.equal({ questions: [] });
  });

  it('flattens nested groups, each item naming its own group', () => {
    const set = fromQuestionnaire(
      q(
        {
          linkId: 'outer',
          type: 'group',
          text: 'Outer',
          item: [
            yesNo,
            { linkId: 'inner', type: 'group', text: 'Inner', enableWhen: [{ question: 'yes', operator: '=', answerBoolean: true }], item: [{ linkId: 'deep', type: 'string', text: 'Deep' }] },
          ],
        },
        { linkId: 'after', type: 'date', text: 'After' },
      ),
    );
    expect(set.questions.map((question) => [question.id, question.parent])).to.deep.equal([
      ['outer', undefined],
      ['yes', 'outer'],
      ['inner', 'outer'],
      ['deep', 'inner'],
      ['after', undefined],
    ]);
    expect(set.questions[2]?.enableWhen).to.deep.equal([{ question: 'yes', operator: '=', answer: true }]);
  });

  it('reads every supported enableWhen answer type', () => {
    const set = fromQuestionnaire(
      q(
        { linkId: 'n', type: 'integer', text: 'N' },
        { linkId: 'd', type: 'date', text: 'D' },
        { linkId: 's', type: 'string', text: 'S' },
        { linkId: 'c', type: 'choice', text: 'C', answerOption: [{ valueCoding: { code: 'x' } }] },
        {
          linkId: 'all',
          type: 'display',
          text: 'All',
          enableBehavior: 'any',
          enableWhen: [
            { question: 'n', operator: '<=', answerInteger: 3 },
            { question: 'n', operator: '<', answerDecimal: 2.5 },
            { question: 'd', operator: '>=', answerDate: '2024-02-29' },
            { question: 's', operator: '!=', answerString: ' no ' },
            { question: 'c', operator: '=', answerCoding: { system: 'urn:x', code: 'x' } },
            { question: 'c', operator: 'exists', answerBoolean: false },
          ],
        },
      ),
    );
    expect(set.questions[4]?.enableWhen).to.deep.equal([
      { question: 'n', operator: '<=', answer: 3 },
      { question: 'n', operator: '<', answer: 2.5 },
      { question: 'd', operator: '>=', answer: '2024-02-29' },
      { question: 's', operator: '!=', answer: 'no' },
      { question: 'c', operator: '=', answer: 'x' },
      { question: 'c', operator: 'exists', answer: false },
    ]);
    // A Coding without display shows its code.
    expect(set.questions[3]?.options).to.deep.equal([{ value: 'x', label: 'x', answerType: 'coding' }]);
  });

  it('ignores elements that do not change what may be answered', () => {
    const set = fromQuestionnaire(
      q({
        linkId: 'a',
        type: 'integer',
        text: 'A',
        maxLength: 3,
        code: [{ system: 'http://loinc.org', code: '72514-3' }],
        initial: [{ valueInteger: 1 }],
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl', valueCodeableConcept: {} }],
        repeats: false,
      }),
    );
    expect(set.questions[0]).to.deep.equal({ id: 'a', type: 'integer', text: 'A', required: false });
  });

  it('keeps HTML in texts as plain strings, exactly as written', () => {
    const set = fromQuestionnaire(xssQuestionnaire);
    expect(set.title).to.equal('<img src=x onerror=alert(1)>');
    expect(set.questions[0]?.text).to.equal('<script>alert(1)</script>');
    expect(set.questions[1]?.text).to.equal('<b>1</b> "><svg onload=alert(1)>');
    expect(set.questions[1]?.options?.map((option) => option.label)).to.deep.equal(['<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">click</a>']);
    expect(set.questions[2]?.text).to.equal('<iframe srcdoc="<script>alert(1)</script>"></iframe>');
  });

  describe('refuses, naming the linkId and the path', () => {
    const bounded = (extension: unknown[], type = 'integer') => q({ linkId: 'n', type, text: 'N', extension });
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['a non-object', [], '(root)', /JSON object, found an array/],
      ['another resource', { resourceType: 'QuestionnaireResponse' }, 'resourceType', /must be "Questionnaire", found the string "QuestionnaireResponse"/],
      ['a missing linkId', q({ type: 'string', text: 'A' }), 'item[0]', /no linkId/],
      ['a duplicate linkId inside a group', q(yesNo, { linkId: 'g', type: 'group', text: 'G', item: [{ ...yesNo }] }), 'item[1].item[0].linkId', /duplicate linkId "yes"/],
      ['an unknown type', q({ linkId: 'a', type: 'slider', text: 'A' }), 'item[0].type', /item "a" has type "slider", which is not a FHIR R4 item type/],
      ['a missing type', q({ linkId: 'a', text: 'A' }), 'item[0].type', /item "a" has no type/],
      ['answerValueSet', q({ linkId: 'a', type: 'choice', text: 'A', answerValueSet: 'http://x/vs' }), 'item[0].answerValueSet', /item "a" uses answerValueSet; value sets are not supported/],
      ['repeats', q({ linkId: 'a', type: 'string', text: 'A', repeats: true }), 'item[0].repeats', /item "a" repeats/],
      ['readOnly', q({ linkId: 'a', type: 'string', text: 'A', readOnly: true }), 'item[0].readOnly', /item "a" is readOnly/],
      ['a choice without answerOption', q({ linkId: 'a', type: 'choice', text: 'A' }), 'item[0].answerOption', /item "a" is a choice item without answerOption/],
      ['a valueDate option', q({ linkId: 'a', type: 'choice', text: 'A', answerOption: [{ valueDate: '2024-01-01' }] }), 'item[0].answerOption[0].valueDate', /valueDate options are not supported/],
      ['a Coding without code', q({ linkId: 'a', type: 'choice', text: 'A', answerOption: [{ valueCoding: { display: 'X' } }] }), 'item[0].answerOption[0].valueCoding.code', /code must be a string/],
      [
        'two options with the same code',
        q({ linkId: 'a', type: 'choice', text: 'A', answerOption: [{ valueCoding: { system: 's1', code: 'x' } }, { valueCoding: { system: 's2', code: 'x' } }] }),
        'item[0].answerOption[1]',
        /item "a" has two options with the value "x"/,
      ],
      ['a required display', q({ linkId: 'a', type: 'display', text: 'A', required: true }), 'item[0].required', /item "a" is a display item.*cannot be required/],
      ['a required group', q({ linkId: 'g', type: 'group', text: 'G', required: true, item: [yesNo] }), 'item[0].required', /item "g": required groups are not supported/],
      ['a group without text', q({ linkId: 'g', type: 'group', item: [yesNo] }), 'item[0].text', /item "g" is a group without text/],
      ['an empty group', q({ linkId: 'g', type: 'group', text: 'G' }), 'item[0].item', /item "g" is a group with no items/],
      ['items under a question', q({ ...yesNo, item: [{ linkId: 'b', type: 'string', text: 'B' }] }), 'item[0].item', /item "yes" has items nested under a boolean/],
      ['a question without text', q({ linkId: 'a', type: 'string' }), 'item[0].text', /item "a" has no text/],
      ['a prefix without text', q({ linkId: 'a', type: 'string', prefix: '1.' }), 'item[0].text', /prefix but no text/],
      [
        'enableWhen on an unknown question',
        q({ linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'zz', operator: 'exists', answerBoolean: true }] }),
        'item[0].enableWhen[0].question',
        /unknown question "zz"/,
      ],
      [
        'enableWhen on a later question',
        q({ linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'yes', operator: 'exists', answerBoolean: true }] }, yesNo),
        'item[0].enableWhen[0].question',
        /"yes", which comes later/,
      ],
      [
        'enableWhen on itself',
        q({ ...yesNo, enableWhen: [{ question: 'yes', operator: 'exists', answerBoolean: true }] }),
        'item[0].enableWhen[0].question',
        /its own question "yes"/,
      ],
      [
        'enableWhen on its group',
        q({ linkId: 'g', type: 'group', text: 'G', item: [{ ...yesNo, enableWhen: [{ question: 'g', operator: 'exists', answerBoolean: true }] }] }),
        'item[0].item[0].enableWhen[0].question',
        /display item or group, which has no answer/,
      ],
      [
        'a bad operator',
        q(yesNo, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'yes', operator: 'equals', answerBoolean: true }] }),
        'item[1].enableWhen[0].operator',
        /unknown operator the string "equals"/,
      ],
      [
        'answerDateTime',
        q({ linkId: 'd', type: 'date', text: 'D' }, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'd', operator: '>', answerDateTime: '2024-01-01T00:00:00Z' }] }),
        'item[1].enableWhen[0].answerDateTime',
        /answerDateTime is not supported/,
      ],
      [
        'two answer[x]',
        q(yesNo, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'yes', operator: '=', answerBoolean: true, answerString: 'x' }] }),
        'item[1].enableWhen[0]',
        /exactly one answer\[x\], found answerBoolean, answerString/,
      ],
      [
        'an answer of the wrong type',
        q(yesNo, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'yes', operator: '=', answerString: 'true' }] }),
        'item[1].enableWhen[0].answerString',
        /boolean question "yes" is compared with the string "true"; expected true or false/,
      ],
      [
        'answerBoolean that is a string',
        q(yesNo, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'yes', operator: '=', answerBoolean: 'true' }] }),
        'item[1].enableWhen[0].answerBoolean',
        /answerBoolean must be a boolean/,
      ],
      [
        'a code that is not an option',
        q({ linkId: 'c', type: 'choice', text: 'C', answerOption: [{ valueCoding: { code: 'x' } }] }, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'c', operator: '=', answerCoding: { code: 'y' } }] }),
        'item[1].enableWhen[0].answerCoding',
        /"y" is not an option of "c"/,
      ],
      [
        'several enableWhen without enableBehavior',
        q(yesNo, { linkId: 'a', type: 'string', text: 'A', enableWhen: [{ question: 'yes', operator: 'exists', answerBoolean: true }, { question: 'yes', operator: '=', answerBoolean: true }] }),
        'item[1].enableBehavior',
        /several enableWhen but no enableBehavior/,
      ],
      ['minValue on a date', bounded([{ url: MIN_VALUE_URL, valueDate: '2024-01-01' }], 'date'), 'item[0].extension[0]', /minValue extension is supported on integer items only, not date/],
      ['maxValue with valueDecimal', bounded([{ url: MAX_VALUE_URL, valueDecimal: 2.5 }]), 'item[0].extension[0]', /must use valueInteger/],
      ['minValue above maxValue', bounded([{ url: MIN_VALUE_URL, valueInteger: 5 }, { url: MAX_VALUE_URL, valueInteger: 1 }]), 'item[0].extension', /minValue \(5\) is greater than maxValue \(1\)/],
    ];
    for (const type of ['decimal', 'dateTime', 'time', 'url', 'attachment', 'reference', 'quantity', 'open-choice']) {
      cases.push([`type ${type}`, q(yesNo, { linkId: `x-${type}`, type, text: 'X' }), 'item[1].type', new RegExp(`item "x-${type}" has type "${type}", which is not supported by this form`)]);
    }
    for (const [name, input, path, message] of cases) {
      it(name, () => {
        const error = questionnaireError(input);
        expect(error.path).to.equal(path);
        expect(error.message).to.match(message);
      });
    }
  });

  it('reads minValue and maxValue on integer items', () => {
    const set = fromQuestionnaire(q({ linkId: 'n', type: 'integer', text: 'N', extension: [{ url: MIN_VALUE_URL, valueInteger: -5 }] }));
    expect(set.questions[0]).to.deep.equal({ id: 'n', type: 'integer', text: 'N', required: false, min: -5 });
  });
});
