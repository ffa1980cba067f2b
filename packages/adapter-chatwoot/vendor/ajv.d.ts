// Types for vendor/ajv.js (ajv + ajv-formats bundled as one ES module; see package.json "vendor:ajv").
import type AjvClass from 'ajv';
import type addFormatsFn from 'ajv-formats';
declare const bundle: { Ajv: typeof AjvClass; addFormats: typeof addFormatsFn };
export default bundle;
