import '@careline/core/define.js';
