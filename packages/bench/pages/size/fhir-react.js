import { renderObservations } from '../lib/fhir-react-lib.js';
window.__render = renderObservations;
