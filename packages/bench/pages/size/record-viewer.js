import '@careline/record-viewer/define.js';
