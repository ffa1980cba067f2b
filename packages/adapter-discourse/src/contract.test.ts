/**
 * adapter-discourse against the in-memory Discourse (mock.ts) through the shared
 * adapter contract suite. Controls implemented: publishPost, dropConnections, failNext.
 * Not implementable over Discourse: processedCount (Discourse has no idempotency keys),
 * loseNextResponse, and the chat/session controls (no such ports here).
 */
import { runAdapterContract, type AdapterContractControl, type ContractFailureKind } from '@careline/testing/contract.js';
import { createDiscourseAdapter } from './discourse-adapter.js';
import { DiscourseMock, type MockFailure } from './mock.js';

const FAILURES: Record<ContractFailureKind, (retryAfterMs?: number) => MockFailure> = {
  offline: () => ({ network: true }),
  server: () => ({ status: 503 }),
  'rate-limited': (ms) => ({ status: 429, retryAfterSeconds: ms === undefined ? undefined : Math.ceil(ms / 1000) }),
  unauthorized: () => ({ status: 401 }),
  forbidden: () => ({ status: 403 }),
  conflict: () => ({ status: 409 }),
};

runAdapterContract('adapter-discourse + in-memory Discourse', () => {
  const mock = new DiscourseMock({ baseUrl: 'https://forum.example-hospital.test', perPage: 3 });
  const control: AdapterContractControl = {
    publishPost: (groupId, body) => mock.publishPost(groupId, body),
    dropConnections: () => mock.dropConnections(),
    failNext: ({ kind, retryAfterMs }) => mock.failNext(FAILURES[kind](retryAfterMs)),
  };
  return {
    adapter: createDiscourseAdapter({ baseUrl: mock.baseUrl, userApiKey: mock.userApiKey, fetch: mock.fetch, pollIntervalMs: 50, educatorGroups: ['educators'] }),
    control,
    // Every contract test's traffic must also fit Discourse's published spec.
    teardown: () => {
      const bad = mock.requests.filter((r) => r.problems.length);
      if (bad.length || mock.responseViolations.length) throw new Error(`Outside the Discourse spec: ${JSON.stringify({ requests: bad, responses: mock.responseViolations })}`);
    },
  };
});
