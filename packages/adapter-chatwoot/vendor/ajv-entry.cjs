// Entry for vendor/ajv.js: ajv ships CommonJS only, and the test runner serves ES modules as they are.
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;
module.exports = { Ajv, addFormats };
