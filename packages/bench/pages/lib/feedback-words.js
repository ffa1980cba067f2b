/**
 * The feedback form's first question in English, as <care-feedback-form> words it: the choices
 * its Lit floor draws, and the survey Formbricks draws for the same question (formbricks.js).
 */
export const FEEDBACK_KINDS = [
  ['compliment', 'A compliment', 'Something or someone that made a difference.'],
  ['complaint', 'A complaint', 'Something that went wrong, so we can look into it and put it right.'],
  ['suggestion', 'A suggestion', 'An idea to make our services better.'],
  ['question', 'A question', 'About our services, not about your health. For medical advice, contact your care team.'],
];
