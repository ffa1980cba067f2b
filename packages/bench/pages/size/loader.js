import '@careline/loader/auto.js';
