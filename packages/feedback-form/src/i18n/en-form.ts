import type { Message } from '@careline/core';
import type { FeedbackMessageKey } from './keys.js';

/** English of the form's first view, registered with the element (wording follows GOV.UK and NHS.UK; en.ts has the whole table). */
export const enForm = {
  'feedback.title': 'Give feedback',
  'feedback.intro': 'Tell us about a compliment, a complaint, a suggestion or a question. It takes about 5 minutes. Your answers are saved on this device as you type.',
  'feedback.errorSummary': 'There is a problem',
  'feedback.submit': 'Send feedback',
  'feedback.care.reassurance': 'Giving feedback, including making a complaint, will not affect your care or treatment.',

  'feedback.urgent.note': 'If someone’s life is at risk, call {number} now. Feedback is read within days, not minutes.',
  'feedback.urgent.open': 'Someone’s safety is at risk now',
  'feedback.urgent.title': 'Get help now',
  'feedback.urgent.call': 'If someone is seriously ill or injured, or their life is at risk, call {number} or go to the nearest emergency department now.',
  'feedback.urgent.notForm': 'Do not use this form for urgent concerns: feedback is read within days.',
  'feedback.urgent.safetyLine': 'For an urgent concern about safety on a ward or in a clinic, call the hospital on {line} at any time.',
  'feedback.urgent.after': 'When everyone is safe, you can come back and tell us what happened.',
  'feedback.urgent.back': 'Back to the feedback form',

  'feedback.kind.legend': 'What would you like to tell us?',
  'feedback.kind.compliment': 'A compliment',
  'feedback.kind.compliment.hint': 'Something or someone that made a difference.',
  'feedback.kind.complaint': 'A complaint',
  'feedback.kind.complaint.hint': 'Something that went wrong, so we can look into it and put it right.',
  'feedback.kind.suggestion': 'A suggestion',
  'feedback.kind.suggestion.hint': 'An idea to make our services better.',
  'feedback.kind.question': 'A question',
  'feedback.kind.question.hint': 'About our services, not about your health. For medical advice, contact your care team.',

  'feedback.questions.unavailable': 'Some of the hospital’s extra questions could not be shown. You can still send your feedback.',

  'feedback.honeypot': 'Leave this field empty',

  'feedback.error.tooFast': 'Check your feedback, then select “Send feedback” again',

  'feedback.sending': 'Sending your feedback…',
  'feedback.sending.offline': 'You are offline. Your feedback will be sent when you are back online.',

  'feedback.load.failed': 'The rest of this form could not be loaded. Anything you have written is saved on this device. Check your connection and try again.',

  'feedback.receipt.title.compliment': 'Thank you for your compliment',
  'feedback.receipt.title.complaint': 'Your complaint has been sent',
  'feedback.receipt.title.suggestion': 'Thank you for your suggestion',
  'feedback.receipt.title.question': 'Your question has been sent',
  'feedback.receipt.reference': 'Your reference number',
  'feedback.receipt.noReference': 'Your feedback reached us, but its reference number did not come through. To follow it up, contact the hospital and say when you sent it.',
  'feedback.receipt.keep': 'Keep this reference number. You need it to follow your feedback or to talk to us about it.',
  'feedback.receipt.next': 'What happens next',
  'feedback.receipt.next.compliment': 'We will pass it on to the team and the people you mentioned by {date}.',
  'feedback.receipt.next.other': 'We will acknowledge your feedback by {date}. Then someone will look into it and tell you what they found.',
  'feedback.receipt.anonymous': 'You sent this anonymously, so we cannot reply to you. Use the reference number to follow it.',
  'feedback.receipt.anonymous.noReference': 'You sent this anonymously, so we cannot reply to you.',
  'feedback.receipt.emailed': 'We have also sent the reference number to your email address.',
  'feedback.receipt.track': 'Track your feedback',
  'feedback.receipt.again': 'Give more feedback',
} satisfies Partial<Record<FeedbackMessageKey, Message>>;
