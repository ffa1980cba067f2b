/**
 * The hospital's own questions: one model (model.ts) from two sources — its small JSON schema
 * or a FHIR R4 Questionnaire — with enableWhen, validation and the answers to send. No DOM.
 */
export * from './model.js';
export { parseQuestionSchema, QUESTION_TYPES } from './schema.js';
export { fromQuestionnaire, MIN_VALUE_URL, MAX_VALUE_URL } from './questionnaire.js';
export { indexQuestions, isAnswered, isAskedFor, isEnabled, visibleQuestions, type QuestionIndex } from './conditions.js';
export { characterCount, isRealDate, normalizeAnswer, parseIntegerInput, validateAnswer, validateAnswers } from './validate.js';
export {
  answersRecord,
  toQuestionnaireResponse,
  type FeedbackQuestionnaireResponse,
  type QuestionnaireResponseAnswer,
  type QuestionnaireResponseItem,
  type QuestionnaireResponseOptions,
  type ResponseCoding,
} from './response.js';
// Realistic examples for the demo and docs. The XSS fixtures stay out: tests import fixtures.ts directly.
export { painClinicQuestionnaire, wardQuestionSchema } from './fixtures.js';
