/**
 * What a modern page includes: the mock backend (demo only), one page-level
 * configuration, and the element definitions. Widgets are dropped into the
 * pages as tags.
 */
import { configure, signOut } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { API_BASE_URL, startDemoBackend } from './mock-backend.js';
import { applyTheme, engineChoice, renderEngineSwitch, withEngines } from './engines.js';

await startDemoBackend();
const engines = engineChoice();
await applyTheme(engines.theme);
// Each engine keeps its own drafts and outbox: a message queued for one is never sent to another.
const namespace = ['st-elsewhere', engines.chat === 'chatwoot' ? 'chatwoot' : '', engines.community === 'discourse' ? 'discourse' : ''].filter(Boolean).join('-');
const adapter = await withEngines(createRestAdapter({ baseUrl: API_BASE_URL }), engines);
configure({ adapter, namespace });
// Defined once configured: the mock's service worker can take seconds to start on a slow
// machine, longer than widgets wait after `load` before saying their configuration is missing.
await Promise.all([
  import('@careline/core/define.js'),
  import('@careline/adapter-rest/define.js'),
  import('@careline/educator-chat/define.js'),
  import('@careline/record-viewer/define.js'),
  import('@careline/community-feed/define.js'),
  import('@careline/feedback-form/define.js'),
]);
renderEngineSwitch(engines);
// The hospital's "Sign out" (record page): ends the session, then wipes what Careline kept in this
// browser, and every widget in every tab forgets what it showed and what was typed.
const signOutButton = document.getElementById('sign-out');
signOutButton?.addEventListener('click', () => {
  void signOut(adapter).finally(() => {
    const status = document.getElementById('sign-out-status');
    // The demo's backend lives in the page: a reload starts it again, signed in.
    if (status) status.textContent = 'You are signed out. (In this demonstration, reloading the page signs you in again.)';
    signOutButton.setAttribute('disabled', '');
  });
});
document.documentElement.dataset['carelineReady'] = 'true';
