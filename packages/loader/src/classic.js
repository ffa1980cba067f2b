/*
 * Careline loader for pages that allow only a classic script:
 *   <script src="https://www.example-hospital.org/careline/careline-loader.classic.js" defer></script>
 * As written here it imports the module entry that sits beside it (careline-loader.js) with a
 * dynamic import(), which classic scripts may use; the production build puts the loader itself in
 * its place (vite.config.ts, classicBootstrapCarriesTheLoader), one round trip fewer. It declares no globals, writes no HTML and needs no Trusted
 * Types policy. Optional data-* attributes on the script tag configure the whole page, as a
 * <care-provider scope="page"> would: data-adapter, data-endpoint, data-locale, … (each
 * data-NAME becomes the provider's NAME attribute).
 */
Promise.resolve(document.currentScript || document.querySelector('script[src*="careline-loader.classic"]')).then(function (script) {
  var entry = new URL('careline-loader.js', (script && script.src) || location.href).href;
  if (script && script.hasAttribute('data-adapter')) {
    var provider = document.createElement('care-provider');
    provider.setAttribute('scope', 'page');
    for (var name in script.dataset) {
      provider.setAttribute(name.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), script.dataset[name]);
    }
    var place = function () { (document.body || document.documentElement).append(provider); };
    if (document.body) place();
    else document.addEventListener('DOMContentLoaded', place, { once: true });
  }
  return import(/* @vite-ignore */ entry).catch(function (error) {
    console.error('[careline] could not load ' + entry + ':', error);
  });
});
