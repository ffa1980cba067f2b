/** The issue's budgets, checked against a results file. 1 KB = 1,024 bytes. */
const KB = 1024;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

export function checkBudgets(results) {
  const out = [];
  const add = (name, pass, figure, why) => out.push({ name, pass, figure, ...(pass ? {} : { why }) });
  const size = (id) => results.sizes.find((row) => row.id === id);

  const loader = size('loader');
  add('Loader ≤ 3 KB gzip', loader?.gzip <= 3 * KB, loader ? `${kb(loader.gzip)} gzip (entry chunk; ${loader.lazy?.files ?? 0} lazy chunks load per tag)` : 'not measured', 'the loader entry chunk is over 3 KB');

  const widgets = results.sizes.filter((row) => row.widget && !row.error);
  const heaviest = widgets.reduce((a, b) => (b.gzip > (a?.gzip ?? -1) ? b : a), undefined);
  add('Heaviest single widget with core and lit ≤ 25 KB gzip', heaviest?.gzip <= 25 * KB, heaviest ? `${heaviest.id}: ${kb(heaviest.gzip)} gzip; ${widgets.map((w) => `${w.id} ${kb(w.gzip)}`).join(', ')}` : 'not measured',
    'every widget bundles all four locales of its messages eagerly and its full feature set (forms, outbox, markdown, safety checks) in its first chunk');

  const all = size('all-four');
  add('All four widgets with core and lit ≤ 50 KB gzip', all?.gzip <= 50 * KB, all ? `${kb(all.gzip)} gzip` : 'not measured', 'the sum of the widgets above, core and lit counted once');

  for (const throttle of Object.keys(results.speed ?? {})) {
    const pages = results.speed[throttle];
    const floor = pages.lit?.ttfc?.median;
    for (const id of ['chat', 'record', 'feed', 'feedback']) {
      const ours = pages[id]?.ttfc?.median;
      const ratio = ours / floor;
      add(`Time to first content ≤ 1.5× the trivial Lit element (${id}, ${throttle}× CPU)`, ratio <= 1.5, `${ours?.toFixed(1)} ms vs ${floor?.toFixed(1)} ms = ${ratio.toFixed(1)}×`,
        id === 'chat'
          ? 'the chat reads its stored conversation from IndexedDB, then asks the adapter for the conversation and its messages before it shows any; the floor renders static text synchronously with no data'
          : 'the widget asks its adapter for data (patient, section, groups, posts, departments) and renders after the answers; the floor renders static text synchronously with no data');
    }
  }

  for (const [id, label] of [['chat-10k', '10,000 chat messages'], ['feed-10k-all', '10,000 posts']]) {
    const row = results.longLists?.[id];
    const nodes = row?.listNodes?.median;
    add(`${label} render with < 500 DOM nodes in the list`, nodes < 500, row ? `${nodes} nodes in the list` : 'not measured',
      id.startsWith('chat') ? 'the chat windows the timeline to the newest 60 messages, ~37 nodes each' : 'the feed windows the list to 40 posts, ~100 nodes each');
  }

  for (const [leakId, leak] of Object.entries(results.leaks ?? {})) {
    leak.id ??= leakId;
    if (!leak.ours) continue;
    if (leak.error) {
      add(`${leak.label}: 1,000 connect/disconnect cycles`, false, leak.error, 'the cycles could not be run');
      continue;
    }
    add(`${leak.label}: heap growth ≤ 20% after ${leak.count} cycles`, leak.growth <= 0.2, `${(leak.growth * 100).toFixed(1)}% (${kb(leak.before)} → ${kb(leak.after)})`, leak.id === 'chat'
      ? 'each connect opens a new IndexedDB connection (new IdbStore per bind) that is never closed, and leaves a pending context request (1 object + 2 WeakRefs) in core\'s ContextRoot'
      : 'each connect leaves a pending context request (1 object + 2 WeakRefs) in core\'s ContextRoot, never removed when the widget is configured with configure()');
    add(`${leak.label}: no instance alive after ${leak.count} cycles and GC`, leak.alive === 0, `${leak.alive} alive`, 'core\'s shared lang observer (i18n/locale.ts) keeps its first listener alive: its MutationObserver callback shares a closure context with the listener of the first widget that asked');
  }
  return out;
}
