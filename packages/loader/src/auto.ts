/** The loader as one script: starts on the document as soon as it runs. */
import { startLoader } from './loader.js';

startLoader(document, { onError: (tag, error) => console.error(`Careline could not load <${tag}>:`, error) });
