/**
 * Registers <care-feedback-form> and <care-feedback-status>.
 * A page with only one of them can import `define-form.js` or `define-status.js` instead.
 */
import './define-form.js';
import './define-status.js';
