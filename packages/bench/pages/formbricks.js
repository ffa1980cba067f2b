// Formbricks' own survey renderer (Preact, bundled) drawing, inline, the question our feedback form
// asks first, followed by the details. Nothing is sent: the survey's callbacks do nothing.
import { renderSurveyInline } from '@formbricks/surveys';
import { FEEDBACK_KINDS } from './lib/feedback-words.js';
import { run } from './harness.js';

const survey = {
  id: 'bench-feedback',
  name: 'Give feedback',
  welcomeCard: { enabled: false },
  thankYouCard: { enabled: true, headline: 'Thank you for your feedback', subheader: 'We read every message within days.' },
  questions: [
    {
      id: 'kind',
      type: 'multipleChoiceSingle',
      headline: 'What would you like to tell us?',
      subheader: 'Tell us about a compliment, a complaint, a suggestion or a question. It takes about 5 minutes.',
      required: true,
      choices: FEEDBACK_KINDS.map(([id, label]) => ({ id, label })),
      buttonLabel: 'Next',
    },
    { id: 'details', type: 'openText', headline: 'Tell us what happened', required: true, inputType: 'text', longAnswer: true, buttonLabel: 'Send feedback' },
  ],
  styling: {},
};

let mounted = 0;
const noop = () => undefined;

run({
  mount(host) {
    const el = document.createElement('div');
    el.id = `formbricks-survey-${mounted++}`;
    host.append(el);
    renderSurveyInline({ survey, brandColor: '#005eb8', containerId: el.id, isBrandingEnabled: false, onDisplay: noop, onResponse: noop, onClose: noop, onFinished: noop, onRetry: noop });
    return el;
  },
  ready: (el) => el.querySelectorAll('input[type="radio"]').length === FEEDBACK_KINDS.length,
  roots: (el) => [el],
});
