import '@careline/educator-chat/define.js';
