/*
 * Careline for pages that allow only a classic <script src>. No build step:
 * this file loads the module entry with a dynamic import(), which classic
 * scripts may use in every current browser.
 *   <script src="/careline.js" data-endpoint="/api/careline/v1"></script>
 */
(function () {
  var script = document.currentScript;
  var options = {
    endpoint: script && script.getAttribute('data-endpoint'),
    locale: script && script.getAttribute('data-locale'),
    namespace: script && script.getAttribute('data-namespace'),
  };
  var entry = new URL('/src/single-script-entry.ts', script ? script.src : location.href).href;
  import(entry)
    .then(function (module) {
      return module.boot(options);
    })
    .catch(function (error) {
      console.error('[careline] could not load Careline from ' + entry + ':', error);
    });
})();
