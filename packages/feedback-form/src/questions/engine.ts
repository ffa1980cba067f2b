/**
 * What the form runs when a hospital gives it questions. Loaded on demand (most forms have
 * none), so a page without questions never downloads the schema and Questionnaire code.
 */
export { parseQuestionSchema } from './schema.js';
export { fromQuestionnaire } from './questionnaire.js';
export { visibleQuestions } from './conditions.js';
export { parseIntegerInput, validateAnswers } from './validate.js';
export { answersRecord, toQuestionnaireResponse } from './response.js';
