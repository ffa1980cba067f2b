// The strict-CSP page that runs the mock backend itself (msw's service worker, registered through
// the `careline-mock` Trusted Types policy), then starts the loader on the widgets in its markup.
import { createMockBackend } from '@careline/mock';
import { startMockWorker } from '@careline/mock/browser.js';

await startMockWorker(createMockBackend({ baseUrl: '/api/careline/v1', educatorReplyDelayMs: 100, minFeedbackFillSeconds: 0 }));
await import('../auto.js');
