/*
 * The first script of every strict-CSP test page (a classic 'self' script: inline scripts are
 * blocked there). Records every Content-Security-Policy and Trusted Types violation, and every
 * uncaught error (a blocked sink throws), for packages/loader/src/csp.test.ts to read.
 */
window.carelineCsp = { violations: [], errors: [] };
document.addEventListener('securitypolicyviolation', function (event) {
  window.carelineCsp.violations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber,
  });
});
window.addEventListener('error', function (event) {
  window.carelineCsp.errors.push(String(event.message) + ' at ' + event.filename + ':' + event.lineno);
});
window.addEventListener('unhandledrejection', function (event) {
  var reason = event.reason;
  window.carelineCsp.errors.push('unhandled rejection: ' + (reason && reason.stack ? reason.stack : String(reason)));
});
