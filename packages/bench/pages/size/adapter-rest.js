import '@careline/adapter-rest/define.js';
