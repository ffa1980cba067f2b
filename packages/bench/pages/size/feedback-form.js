import '@careline/feedback-form/define-form.js';
