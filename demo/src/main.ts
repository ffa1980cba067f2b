/**
 * What a modern page includes: the mock backend (demo only), the element
 * definitions, and one page-level configuration. Widgets are dropped into the
 * pages as tags; each widget's issue adds its define import here.
 */
import '@careline/core/define.js';
import '@careline/adapter-rest/define.js';
import '@careline/educator-chat/define.js';
import '@careline/record-viewer/define.js';
import '@careline/community-feed/define.js';
import '@careline/feedback-form/define.js';
import { configure } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { API_BASE_URL, startDemoBackend } from './mock-backend.js';
import { engineChoice, renderEngineSwitch, withEngines } from './engines.js';

await startDemoBackend();
const engines = engineChoice();
// Each engine keeps its own drafts and outbox: a message queued for one is never sent to another.
const namespace = ['st-elsewhere', engines.chat === 'chatwoot' ? 'chatwoot' : '', engines.community === 'discourse' ? 'discourse' : ''].filter(Boolean).join('-');
configure({ adapter: await withEngines(createRestAdapter({ baseUrl: API_BASE_URL }), engines), namespace });
renderEngineSwitch(engines);
document.documentElement.dataset['carelineReady'] = 'true';
