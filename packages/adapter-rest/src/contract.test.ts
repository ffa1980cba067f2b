/**
 * adapter-rest against the mock backend, through the adapter contract suite:
 * with the in-page mock fetch, again with a mock that keeps no event history
 * (every drop that misses events ends in a resync), and through a real msw
 * service worker (proving the worker path, event streams included).
 */
import { createMockBackend, createMockFetch, type MockBackend, type ScriptedFailure } from '@careline/mock';
import { startMockWorker, type MockWorker } from '@careline/mock/browser.js';
import { expect } from '@open-wc/testing';
import { runAdapterContract, type AdapterContractControl, type ContractFailureKind } from '@careline/testing/contract.js';
import { createRestAdapter } from './rest-adapter.js';

const FAILURES: Record<ContractFailureKind, (retryAfterMs?: number) => ScriptedFailure> = {
  offline: () => ({ status: 0, networkError: true }),
  server: () => ({ status: 503 }),
  'rate-limited': (ms) => ({ status: 429, retryAfterSeconds: ms === undefined ? undefined : Math.ceil(ms / 1000) }),
  unauthorized: () => ({ status: 401 }),
  forbidden: () => ({ status: 403 }),
  conflict: () => ({ status: 409 }),
};

/** The contract's control, implemented with the mock backend's test hooks. */
function mockControl(backend: MockBackend): AdapterContractControl {
  return {
    educatorSends: (conversationId, text) => void backend.educatorSends(conversationId, text),
    publishPost: (groupId, body) => void backend.publishPost(groupId, body),
    dropConnections: () => backend.chaos.dropStreams(),
    forgetHistory: () => backend.forgetEventHistory(),
    endConversation: (conversationId) => backend.endConversation(conversationId),
    failNext: ({ kind, retryAfterMs }) => backend.chaos.failNext(FAILURES[kind](retryAfterMs)),
    loseNextResponse: () => backend.chaos.loseNextResponse(),
    processedCount: (key) => backend.writes.processedByKey.get(key) ?? 0,
    setSession: (state) => backend.setSession(state === 'guest' ? 'guest' : 'patient'),
    attachmentSizeLimit: () => ATTACHMENT_LIMIT,
    readMarker: (conversationId) => backend.store.readMarker(conversationId),
  };
}

/** Small, so the over-the-limit upload stays quick. */
const ATTACHMENT_LIMIT = 256 * 1024;
const fastBackend = (baseUrl: string) => createMockBackend({ baseUrl, educatorReplyDelayMs: 100, sseRetryMs: 20, maxAttachmentBytes: ATTACHMENT_LIMIT });
const fastReconnect = { initialDelayMs: 20, maxDelayMs: 200 };

runAdapterContract('adapter-rest + mock (in-page fetch)', () => {
  const backend = fastBackend('/api/careline/v1');
  return {
    adapter: createRestAdapter({ baseUrl: backend.baseUrl, fetch: createMockFetch(backend.handlers), reconnect: fastReconnect }),
    control: mockControl(backend),
    teardown: () => backend.dispose(),
  };
});

// A server that keeps no history: every drop that misses events ends in a resync, as with an engine without replay.
runAdapterContract('adapter-rest + mock without replay history', () => {
  const backend = createMockBackend({ baseUrl: '/api/careline/v1', educatorReplyDelayMs: 100, sseRetryMs: 20, eventHistoryLimit: 0, maxAttachmentBytes: ATTACHMENT_LIMIT });
  return {
    adapter: createRestAdapter({ baseUrl: backend.baseUrl, fetch: createMockFetch(backend.handlers), reconnect: fastReconnect }),
    control: mockControl(backend),
    teardown: () => backend.dispose(),
  };
});

describe('through a real msw service worker', () => {
  // A base path of its own, so this file's worker handlers cannot be confused with other tabs' requests.
  const baseUrl = '/api/careline-sw/v1';
  let worker: MockWorker | undefined;

  before(async function () {
    this.timeout(20_000);
    worker = await startMockWorker(fastBackend(baseUrl));
  });
  after(() => worker?.stop());

  runAdapterContract('adapter-rest + mock (service worker)', () => {
    const backend = fastBackend(baseUrl);
    // The worker exists only once `before` ran; the declaration-time probe never makes requests.
    worker?.use(backend);
    return {
      adapter: createRestAdapter({ baseUrl, reconnect: fastReconnect }),
      control: mockControl(backend),
      teardown: () => backend.dispose(),
    };
  });
});

describe('a partial adapter without controls', () => {
  // A hospital with only a feedback backend: the suite tests that port alone and says what it left out.
  const logged: string[] = [];
  runAdapterContract(
    'feedback-only adapter',
    () => {
      const backend = fastBackend('/api/careline/v1');
      const rest = createRestAdapter({ baseUrl: backend.baseUrl, fetch: createMockFetch(backend.handlers) });
      return { adapter: { name: 'feedback-only', feedback: rest.feedback, dispose: () => rest.dispose() }, teardown: () => backend.dispose() };
    },
    { log: (message) => logged.push(message) },
  );

  it('reports the ports and the control-dependent tests it did not declare', () => {
    expect(logged.join('\n')).to.include('ports not offered, not tested: session, chat, records, community');
    expect(logged.join('\n')).to.match(/tests not declared for lack of harness controls:[\s\S]*"a "server" failure rejects with CareError kind "server"" \(needs control\.failNext\)/);
    expect(logged.join('\n')).not.to.include('resumes after a dropped connection'); // chat is absent altogether
  });
});
