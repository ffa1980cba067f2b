import { renderSurveyInline } from '@formbricks/surveys';
window.__formbricksSurveys = renderSurveyInline;
