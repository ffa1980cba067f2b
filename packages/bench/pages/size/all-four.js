import '@careline/educator-chat/define.js';
import '@careline/record-viewer/define.js';
import '@careline/community-feed/define.js';
import '@careline/feedback-form/define-form.js';
