/** @careline/loader — lazy definition of the Careline elements a page uses. No side effects: import `@careline/loader/auto.js` to start it on the document. */
export { startLoader, ELEMENT_MODULES, ADAPTER_MODULES, type CarelineLoader, type LoaderOptions, type ModuleLoader } from './loader.js';
