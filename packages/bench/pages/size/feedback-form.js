import '@careline/feedback-form/define.js';
