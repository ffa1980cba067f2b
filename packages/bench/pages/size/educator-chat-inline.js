import '@careline/educator-chat/define.js';
import '@careline/educator-chat/app.js';
