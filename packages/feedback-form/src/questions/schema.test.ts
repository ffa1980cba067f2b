import { expect } from '@open-wc/testing';
import { wardQuestionSchema, xssQuestionSchema, XSS_PAYLOADS } from './fixtures.js';
import { QuestionSchemaError } from './model.js';
import { parseQuestionSchema } from './schema.js';

/** Runs `parse` and returns the QuestionSchemaError it must throw. */
function schemaError(input: unknown): QuestionSchemaError {
  try {
    parseQuestionSchema(input);
  } catch (error) {
    expect(error).to.be.instanceOf(QuestionSchemaError);
    return error as QuestionSchemaError;
  }
  throw new Error('expected a QuestionSchemaError, but the schema was accepted');
}

const choice = { id: 'ward', type: 'choice', text: 'Which ward?', options: [{ value: 'a', label: 'Ward A' }, { value: 'other', label: 'Other' }] };
const withQuestions = (...questions: unknown[]) => ({ questions });

describe('parseQuestionSchema', () => {
  it('parses the ward fixture into the question model', () => {
    const set = parseQuestionSchema(wardQuestionSchema);
    expect(set.title).to.equal(undefined);
    expect(set.questions.map((question) => question.id)).to.deep.equal([
      'ward',
      'ward-other',
      'nights',
      'staff-named',
      'staff-name',
      'incident-date',
      'details',
      'thanks',
    ]);
    expect(set.questions[0]).to.deep.equal({
      id: 'ward',
      type: 'choice',
      text: 'Which ward were you on?',
      required: true,
      options: [
        { value: 'a', label: 'Ward A (surgery)' },
        { value: 'b', label: 'Ward B (medicine)' },
        { value: 'maternity', label: 'Maternity' },
        { value: 'other', label: 'Another ward' },
      ],
      kinds: ['complaint', 'compliment'],
    });
    expect(set.questions[1]).to.deep.equal({
      id: 'ward-other',
      type: 'string',
      text: 'Ward name',
      required: true,
      maxLength: 60,
      enableWhen: [{ question: 'ward', operator: '=', answer: 'other' }],
    });
    expect(set.questions[2]).to.deep.equal({
      id: 'nights',
      type: 'integer',
      text: 'How many nights did you stay?',
      hint: '0 if you went home the same day',
      required: false,
      min: 0,
      max: 365,
    });
    expect(set.questions[7]).to.deep.equal({ id: 'thanks', type: 'display', text: 'The ward manager reads every answer.', required: false });
  });

  it('accepts a bare array of questions, and a title', () => {
    expect(parseQuestionSchema([choice]).questions[0]?.id).to.equal('ward');
    expect(parseQuestionSchema({ title: ' Your ward ', questions: [choice] }).title).to.equal('Your ward');
    expect(parseQuestionSchema([])).to.deep.equal({ questions: [] });
  });

  it('trims ids, texts, hints, option values and labels, and condition answers', () => {
    const set = parseQuestionSchema([
      { id: ' ward ', type: 'choice', text: '  Which ward?\n', hint: '  ', options: [{ value: ' a ', label: ' Ward A ' }] },
      { id: 'x', type: 'string', text: 'X', enableWhen: [{ question: ' ward ', operator: '=', answer: ' a ' }] },
    ]);
    expect(set.questions[0]).to.deep.equal({ id: 'ward', type: 'choice', text: 'Which ward?', required: false, options: [{ value: 'a', label: 'Ward A' }] });
    expect(set.questions[1]?.enableWhen).to.deep.equal([{ question: 'ward', operator: '=', answer: 'a' }]);
  });

  it('keeps HTML in texts as plain strings, exactly as written', () => {
    const set = parseQuestionSchema(xssQuestionSchema);
    expect(set.title).to.equal('<img src=x onerror=alert(1)>');
    const strings = set.questions.flatMap((question) => [question.text, question.hint ?? '', ...(question.options ?? []).flatMap((option) => [option.label, option.value])]);
    for (const payload of XSS_PAYLOADS) expect(strings).to.include(payload);
  });

  it('does not change its input', () => {
    const input = structuredClone(wardQuestionSchema);
    parseQuestionSchema(input);
    expect(input).to.deep.equal(wardQuestionSchema);
  });

  it('keeps enableBehavior and de-duplicates kinds', () => {
    const set = parseQuestionSchema([
      { id: 'a', type: 'boolean', text: 'A' },
      { id: 'b', type: 'boolean', text: 'B' },
      {
        id: 'c',
        type: 'string',
        text: 'C',
        kinds: ['complaint', 'complaint', 'question'],
        enableBehavior: 'any',
        enableWhen: [
          { question: 'a', operator: '=', answer: true },
          { question: 'b', operator: 'exists', answer: true },
        ],
      },
    ]);
    expect(set.questions[2]?.enableBehavior).to.equal('any');
    expect(set.questions[2]?.kinds).to.deep.equal(['complaint', 'question']);
  });

  describe('refuses, with the path and a developer message', () => {
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['not an object or array', 'questions', '(root)', /object with "questions" or an array/],
      ['questions not an array', { questions: {} }, 'questions', /array of questions/],
      ['an unknown top-level key', { questions: [], titel: 'x' }, 'titel', /unknown key "titel"/],
      ['a question that is not an object', [null], '[0]', /must be an object, found null/],
      ['a missing id', withQuestions({ type: 'string', text: 'A' }), 'questions[0]', /no "id"/],
      ['an empty id', withQuestions({ id: '  ', type: 'string', text: 'A' }), 'questions[0].id', /must not be empty/],
      ['a numeric id', withQuestions({ id: 3, type: 'string', text: 'A' }), 'questions[0].id', /must be a string, found number 3/],
      ['a duplicate id', withQuestions(choice, { id: 'ward', type: 'string', text: 'B' }), 'questions[1].id', /duplicate id "ward"/],
      ['an id duplicated only by spaces', withQuestions(choice, { id: ' ward', type: 'string', text: 'B' }), 'questions[1].id', /duplicate id "ward"/],
      ['an unknown type', withQuestions({ id: 'a', type: 'number', text: 'A' }), 'questions[0].type', /unknown type the string "number"; use one of string, text/],
      ['a missing type', withQuestions({ id: 'a', text: 'A' }), 'questions[0].type', /unknown type nothing/],
      ['a missing text', withQuestions({ id: 'a', type: 'string' }), 'questions[0]', /no "text"/],
      ['an empty text', withQuestions({ id: 'a', type: 'string', text: ' \n ' }), 'questions[0].text', /text must not be empty/],
      ['a text that is not a string', withQuestions({ id: 'a', type: 'string', text: { html: '<b>x</b>' } }), 'questions[0].text', /must be a string, found an object/],
      ['a misspelt key', withQuestions({ id: 'a', type: 'string', text: 'A', requried: true }), 'questions[0].requried', /unknown key "requried"; allowed keys are id, type, text/],
      ['required that is not a boolean', withQuestions({ id: 'a', type: 'string', text: 'A', required: 'yes' }), 'questions[0].required', /true or false/],
      ['a required display', withQuestions({ id: 'a', type: 'display', text: 'A', required: true }), 'questions[0].required', /cannot be required/],
      ['a choice without options', withQuestions({ id: 'a', type: 'choice', text: 'A' }), 'questions[0].options', /non-empty array of options, found nothing/],
      ['a choice with no options', withQuestions({ id: 'a', type: 'choice', text: 'A', options: [] }), 'questions[0].options', /non-empty array of options/],
      [
        'duplicate option values',
        withQuestions({ id: 'a', type: 'choice', text: 'A', options: [{ value: 'x', label: 'X' }, { value: 'x ', label: 'Y' }] }),
        'questions[0].options[1].value',
        /duplicate option value "x"/,
      ],
      ['an option without label', withQuestions({ id: 'a', type: 'choice', text: 'A', options: [{ value: 'x' }] }), 'questions[0].options[0].label', /label must be a string, found nothing/],
      ['an option that is a string', withQuestions({ id: 'a', type: 'choice', text: 'A', options: ['x'] }), 'questions[0].options[0]', /must be an object/],
      ['options on a string question', withQuestions({ id: 'a', type: 'string', text: 'A', options: [] }), 'questions[0].options', /applies to choice questions only, not string/],
      ['min on a string question', withQuestions({ id: 'a', type: 'string', text: 'A', min: 1 }), 'questions[0].min', /integer questions only/],
      ['maxLength on an integer question', withQuestions({ id: 'a', type: 'integer', text: 'A', maxLength: 3 }), 'questions[0].maxLength', /string and text questions only/],
      ['a zero maxLength', withQuestions({ id: 'a', type: 'text', text: 'A', maxLength: 0 }), 'questions[0].maxLength', /at least 1/],
      ['a fractional max', withQuestions({ id: 'a', type: 'integer', text: 'A', max: 2.5 }), 'questions[0].max', /whole number, found number 2.5/],
      ['min greater than max', withQuestions({ id: 'a', type: 'integer', text: 'A', min: 10, max: 5 }), 'questions[0].min', /min \(10\) is greater than max \(5\)/],
      ['an unknown kind', withQuestions({ id: 'a', type: 'string', text: 'A', kinds: ['complaint', 'praise'] }), 'questions[0].kinds[1]', /unknown kind the string "praise"/],
      ['an empty kinds list', withQuestions({ id: 'a', type: 'string', text: 'A', kinds: [] }), 'questions[0].kinds', /non-empty/],
      [
        'enableWhen on an unknown question',
        withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'nope', operator: '=', answer: 'a' }] }),
        'questions[1].enableWhen[0].question',
        /unknown question "nope"/,
      ],
      [
        'enableWhen on a later question',
        withQuestions({ id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'ward', operator: '=', answer: 'a' }] }, choice),
        'questions[0].enableWhen[0].question',
        /"ward", which comes later/,
      ],
      [
        'enableWhen on itself',
        withQuestions({ id: 'b', type: 'boolean', text: 'B', enableWhen: [{ question: 'b', operator: 'exists', answer: true }] }),
        'questions[0].enableWhen[0].question',
        /its own question "b"/,
      ],
      [
        'enableWhen on a display question',
        withQuestions({ id: 'd', type: 'display', text: 'D' }, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'd', operator: 'exists', answer: true }] }),
        'questions[1].enableWhen[0].question',
        /display item or group, which has no answer/,
      ],
      [
        'a bad operator',
        withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'ward', operator: '==', answer: 'a' }] }),
        'questions[1].enableWhen[0].operator',
        /unknown operator the string "=="; use one of exists = != > < >= <=/,
      ],
      [
        'an ordering operator on a choice',
        withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'ward', operator: '>', answer: 'a' }] }),
        'questions[1].enableWhen[0].operator',
        /"\>" cannot be used with the choice question "ward"; use one of exists = !=/,
      ],
      [
        'a value that is not an option',
        withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'ward', operator: '=', answer: 'c' }] }),
        'questions[1].enableWhen[0].answer',
        /"c" is not an option of "ward" \(options: a, other\)/,
      ],
      [
        'exists without a boolean',
        withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'ward', operator: 'exists', answer: 'yes' }] }),
        'questions[1].enableWhen[0].answer',
        /"exists" needs the answer true or false/,
      ],
      [
        'a number compared with text',
        withQuestions({ id: 'n', type: 'integer', text: 'N' }, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'n', operator: '>', answer: '5' }] }),
        'questions[1].enableWhen[0].answer',
        /integer question "n" is compared with the string "5"; expected a number/,
      ],
      [
        'an impossible date',
        withQuestions({ id: 'd', type: 'date', text: 'D' }, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'd', operator: '<', answer: '2023-02-29' }] }),
        'questions[1].enableWhen[0].answer',
        /expected a date written YYYY-MM-DD/,
      ],
      [
        'a missing condition answer',
        withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'ward', operator: '=' }] }),
        'questions[1].enableWhen[0].answer',
        /answer must be a string, number or boolean, found nothing/,
      ],
      ['an empty enableWhen', withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableWhen: [] }), 'questions[1].enableWhen', /non-empty array/],
      ['a bad enableBehavior', withQuestions(choice, { id: 'b', type: 'string', text: 'B', enableBehavior: 'some', enableWhen: [{ question: 'ward', operator: 'exists', answer: true }] }), 'questions[1].enableBehavior', /"all" or "any"/],
      ['enableBehavior without enableWhen', withQuestions({ id: 'b', type: 'string', text: 'B', enableBehavior: 'any' }), 'questions[0].enableBehavior', /needs enableWhen/],
    ];
    for (const [name, input, path, message] of cases) {
      it(name, () => {
        const error = schemaError(input);
        expect(error.path).to.equal(path);
        expect(error.message).to.match(message);
        expect(error.message.startsWith(`${path}: `)).to.equal(true);
      });
    }

    it('uses bare-array paths for a bare array', () => {
      expect(schemaError([choice, { id: 'x', type: 'radio', text: 'X' }]).path).to.equal('[1].type');
    });
  });
});
