/** The issue's budgets, checked against a results file. 1 KB = 1,024 bytes. */
const KB = 1024;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** What a widget does before its first content that the trivial element does not (see src/profile.mjs). */
const TTFC_WHY = {
  chat: 'before its first message the chat reads the stored conversation from IndexedDB, opens its outbox and asks the adapter for availability, the conversation and its messages, in turn',
  record: 'the record viewer asks for the patient and the section, opens its outbox and record cache, and renders each result with reference ranges, flags and provenance',
  feed: 'the feed asks for the groups, then the posts, opens its outbox, and renders each post with its reactions, thread and reporting controls',
  feedback: 'the form opens its outbox and restores any saved draft from IndexedDB before it shows the form, and renders more controls (department picker, visit date, contact choices)',
};

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
    const staticFloor = pages.lit?.ttfc?.median;
    for (const id of ['chat', 'record', 'feed', 'feedback']) {
      // The floor showing the same content (same items, same adapter, same Intl formatting).
      const floor = pages[`lit-${id}`]?.ttfc?.median;
      const ours = pages[id]?.ttfc?.median;
      const ratio = ours / floor;
      add(`Time to first content ≤ 1.5× a trivial Lit element showing the same content (${id}, ${throttle}× CPU)`, ratio <= 1.5,
        `${ours?.toFixed(1)} ms vs ${floor?.toFixed(1)} ms = ${ratio.toFixed(1)}× (static-text floor ${staticFloor?.toFixed(1)} ms: ${(ours / staticFloor).toFixed(1)}×)`,
        TTFC_WHY[id]);
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
