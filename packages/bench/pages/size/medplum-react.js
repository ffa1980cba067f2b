import { renderObservations } from '../lib/medplum-lib.js';
window.__render = renderObservations;
