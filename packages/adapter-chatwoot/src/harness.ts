/** A Chatwoot adapter on the mock Chatwoot, for this package's tests. */
import type { AdapterContractControl } from '@careline/testing/contract.js';
import { createChatwootAdapter, type ChatwootAdapterOptions } from './chatwoot-adapter.js';
import { MockChatwoot, type MockChatwootOptions } from './mock-chatwoot.js';
import { loadChatwootSpec, type ChatwootSpec } from './spec-validator.js';

let specPromise: Promise<ChatwootSpec> | undefined;
/** Loaded once per test file (a few dozen small YAML files). */
export function chatwootSpec(): Promise<ChatwootSpec> {
  specPromise ??= loadChatwootSpec();
  return specPromise;
}

export const ATTACHMENT_LIMIT = 256 * 1024;
export const BASE_URL = 'https://chat.hospital.test';

export function memoryStorage(): { get(key: string): string | null; set(key: string, value: string): void; data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (key) => data.get(key) ?? null, set: (key, value) => void data.set(key, value) };
}

export function makeChatwoot(spec: ChatwootSpec, overrides: Partial<ChatwootAdapterOptions> = {}, mockOptions: Partial<MockChatwootOptions> = {}) {
  const mock = new MockChatwoot({ baseUrl: BASE_URL, spec, ...mockOptions });
  const adapter = createChatwootAdapter({
    baseUrl: BASE_URL,
    inboxIdentifier: mock.inbox.identifier,
    fetch: mock.fetch,
    WebSocket: mock.WebSocket as unknown as new (url: string) => WebSocket,
    storage: memoryStorage(),
    maxAttachmentBytes: ATTACHMENT_LIMIT,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    ...overrides,
  });
  return { mock, adapter };
}

/** The contract controls the mock can honour. */
export function mockControl(mock: MockChatwoot): AdapterContractControl {
  return {
    educatorSends: (conversationId, text) => mock.educatorSends(conversationId, text),
    dropConnections: () => mock.dropConnections(),
    endConversation: (conversationId) => mock.resolve(conversationId),
    failNext: ({ kind, retryAfterMs }) =>
      mock.failNext(
        kind === 'offline'
          ? { networkError: true }
          : { status: { server: 503, 'rate-limited': 429, unauthorized: 401, forbidden: 403, conflict: 409 }[kind], retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000) },
      ),
    loseNextResponse: () => mock.loseNextResponse(),
    attachmentSizeLimit: () => ATTACHMENT_LIMIT,
    readMarker: (conversationId) => mock.readMarker(conversationId),
    patientTyping: (conversationId) => mock.contactTyping(conversationId),
  };
}
