/**
 * The outbox under chaos, end to end: 1,000 writes from two tabs through the
 * REST adapter and the mock server, 30% of requests failing (half of those
 * after the server processed the write), and one tab reloaded midway.
 * Prints lost, duplicated and requests per write.
 */
import { expect } from '@open-wc/testing';
import { createMockBackend, createMockFetch } from '@careline/mock';

const WRITES_PER_TAB = 500;
const CONVERSATIONS = 40;

interface ChaosTab {
  tab: string;
  enqueued: number;
  done: boolean;
  outbox: { entries(): unknown[] };
}

async function until(predicate: () => boolean, what: string | (() => string), timeout: number): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function openTab(url: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = url;
  document.body.append(frame);
  return new Promise((resolve) => frame.addEventListener('load', () => resolve(frame), { once: true }));
}

/** For a failure message: what each tab's outbox holds and is doing. */
function describeTab(frame: HTMLIFrameElement): string {
  const state = tabState(frame);
  if (!state) return 'tab not running';
  const outbox = state.outbox as unknown as { entries(): Array<{ state: string; nextAttemptAt: number; attempts: number }>; flushing?: unknown; flushAgain?: boolean; wakeTimer?: unknown };
  const byState: Record<string, number> = {};
  for (const entry of outbox.entries()) byState[entry.state] = (byState[entry.state] ?? 0) + 1;
  const next = Math.min(...outbox.entries().map((entry) => entry.nextAttemptAt)) - Date.now();
  return `tab ${state.tab}: enqueued ${state.enqueued}, entries ${JSON.stringify(byState)}, next attempt in ${next} ms, flushing ${!!outbox.flushing}, flushAgain ${outbox.flushAgain}, wake timer ${String(outbox.wakeTimer)}`;
}

const tabState = (frame: HTMLIFrameElement) => (frame.contentWindow as unknown as { chaosTab?: ChaosTab }).chaosTab;

describe('Outbox under chaos (two tabs, one reload)', function () {
  this.timeout(180_000);

  it('delivers 1,000 writes: 0 lost, 0 duplicated, at most 1.6 requests per write', async () => {
    const backend = createMockBackend({ simulateEducator: false });
    const mockFetch = createMockFetch(backend.handlers);
    const conversations = Array.from({ length: CONVERSATIONS }, () => backend.store.startConversation({}).id);
    let writeRequests = 0;
    let failedOnPurpose = 0;
    (window as unknown as { carelineChaosBridge: unknown }).carelineChaosBridge = async (request: {
      url: string;
      method: string;
      headers: Record<string, string>;
      body: string | null;
    }) => {
      if (request.method === 'POST') writeRequests++;
      const response = await mockFetch(request.url, { method: request.method, headers: request.headers, body: request.body });
      if (response.status === 503) failedOnPurpose++;
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    };
    // 30% of requests fail: 15% before processing (503 + Retry-After), and 15% of all
    // requests processed and then cut (0.15 / 0.85 of those that got through).
    backend.chaos.set({ failureRate: 0.15, resetAfterProcessRate: 0.15 / 0.85 });

    const namespace = `chaos-${Date.now().toString(36)}`;
    const base = new URL('./fixtures/chaos-tab.html', import.meta.url).href;
    const query = (tab: string, count: number) => `${base}?tab=${tab}&ns=${namespace}&count=${count}&conversations=${conversations.join(',')}`;

    const tabB = await openTab(query('B', WRITES_PER_TAB));
    const tabA = await openTab(query('A', WRITES_PER_TAB));

    // Reload tab B midway: after it has saved all its writes and the server has processed about a third.
    await until(() => tabState(tabB)?.done === true && backend.writes.processed >= (2 * WRITES_PER_TAB) / 3, 'midway point', 120_000);
    const processedAtReload = backend.writes.processed;
    tabB.contentWindow!.location.replace(query('B', 0));
    await new Promise((resolve) => tabB.addEventListener('load', resolve, { once: true }));

    await until(() => tabState(tabA)?.done === true && tabState(tabB) !== undefined, 'both tabs running', 30_000);
    const texts = () => [...backend.store.conversations.values()].flatMap((state) => state.messages.map((message) => message.text));
    await until(
      () => texts().length >= 2 * WRITES_PER_TAB && tabState(tabA)!.outbox.entries().length === 0 && tabState(tabB)!.outbox.entries().length === 0,
      () => `all writes delivered (have ${texts().length}); ${describeTab(tabA)}; ${describeTab(tabB)}`,
      150_000,
    );

    const expected = new Set<string>();
    for (const tab of ['A', 'B']) for (let i = 0; i < WRITES_PER_TAB; i++) expected.add(`${tab}-${i}`);
    const delivered = texts();
    const counts = new Map<string, number>();
    for (const text of delivered) counts.set(text, (counts.get(text) ?? 0) + 1);
    const lost = [...expected].filter((text) => !counts.has(text)).length;
    const duplicated = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const requestsPerWrite = writeRequests / expected.size;
    console.log(
      `[outbox chaos] writes: ${expected.size}, delivered: ${counts.size}, lost: ${lost}, duplicated: ${duplicated}, ` +
        `write requests: ${writeRequests} (${requestsPerWrite.toFixed(3)} per write), 503s: ${failedOnPurpose}, ` +
        `server duplicates: ${backend.writes.duplicates}, processed when tab B reloaded: ${processedAtReload}`,
    );

    expect(lost, 'writes lost').to.equal(0);
    expect(duplicated, 'writes duplicated').to.equal(0);
    expect(backend.writes.duplicates, 'server processed a key twice').to.equal(0);
    expect(requestsPerWrite, 'requests per write').to.be.at.most(1.6);
    expect(failedOnPurpose, 'chaos really happened').to.be.greaterThan(50);

    tabA.remove();
    tabB.remove();
    backend.dispose();
  });
});
