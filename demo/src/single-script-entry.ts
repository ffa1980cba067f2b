/**
 * Loaded by /careline.js (a classic script). Configures Careline from the
 * script tag's data attributes, so a CMS page needs nothing but:
 *   <script src="/careline.js" data-endpoint="/api/careline/v1" data-locale="id"></script>
 */
import { configure } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { startDemoBackend } from './mock-backend.js';

export async function boot(options: { endpoint?: string | undefined; locale?: string | undefined; namespace?: string | undefined }): Promise<void> {
  await startDemoBackend();
  configure({
    adapter: createRestAdapter({ baseUrl: options.endpoint || '/api/careline/v1' }),
    locale: options.locale || undefined,
    namespace: options.namespace || 'st-elsewhere',
  });
  // Defined once configured (see main.ts): the mock may start after widgets stop waiting.
  await Promise.all([
    import('@careline/core/define.js'),
    import('@careline/adapter-rest/define.js'),
    import('@careline/educator-chat/define.js'),
    import('@careline/record-viewer/define.js'),
    import('@careline/community-feed/define.js'),
    import('@careline/feedback-form/define.js'),
  ]);
  document.documentElement.dataset['carelineReady'] = 'true';
}
