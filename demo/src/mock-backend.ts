/**
 * Starts the mock backend in a service worker, so the demo runs with no server.
 * `?chaos=flaky` (or `slow`, `offline-ish`) shows how the widgets cope with a bad network.
 */
import { createMockBackend, type MockBackend } from '@careline/mock';
import { startMockWorker } from '@careline/mock/browser.js';

export const API_BASE_URL = '/api/careline/v1';

const CHAOS_PRESETS = {
  slow: { latencyMs: [800, 2500] as [number, number] },
  flaky: { latencyMs: [100, 600] as [number, number], failureRate: 0.3, resetAfterProcessRate: 0.15, dropStreamsAfterMs: 20_000 },
  'offline-ish': { failureRate: 0.8 },
};

export async function startDemoBackend(): Promise<MockBackend> {
  // New feedback moves one status along every two minutes, so "Track my feedback" has something to show.
  const backend = createMockBackend({ baseUrl: API_BASE_URL, feedbackProgressMs: 2 * 60_000 });
  const preset = new URLSearchParams(location.search).get('chaos') as keyof typeof CHAOS_PRESETS | null;
  if (preset && preset in CHAOS_PRESETS) backend.chaos.set(CHAOS_PRESETS[preset]);
  await startMockWorker(backend);
  // For playing in the console: careline.backend.educatorSends(…), careline.backend.chaos.set(…)
  (window as unknown as { careline: unknown }).careline = { backend };
  return backend;
}
