// The strict-CSP page that imports every widget as a module directly (no loader).
import '@careline/core/define.js';
import '@careline/adapter-rest/define.js';
import '@careline/educator-chat/define.js';
import '@careline/record-viewer/define.js';
import '@careline/community-feed/define.js';
import '@careline/feedback-form/define.js';
