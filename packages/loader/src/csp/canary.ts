// Breaks Trusted Types on purpose: a plain string into innerHTML (see canary.html).
try {
  document.body.insertAdjacentElement('beforeend', document.createElement('div'))!.innerHTML = '<b>not trusted</b>';
} catch {
  // Blocked, as it should be; the violation event is what the test looks for.
}
document.documentElement.dataset['canary'] = 'done';
