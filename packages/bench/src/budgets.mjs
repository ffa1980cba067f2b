/** The issue's budgets, checked against a results file. 1 KB = 1,024 bytes. */
const KB = 1024;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/**
 * What a widget does before its first content that the floor showing the same items does not
 * (see src/profile.mjs); `nodes` gives the DOM nodes of both from the same run.
 */
const TTFC_WHY = {
  chat: (nodes) => `the chat shows more than the floor (${nodes} DOM nodes: header, scope line, day separators, authors, delivery states and the composer), and at 1× CPU about four fifths of its time to first content is Lit rendering that template; its second date format (day separators) costs under 1 ms once the first is built`,
  record: (nodes) => `the record viewer asks for the patient and the section, then renders each result with its reference range, flag and provenance (${nodes} DOM nodes)`,
  feed: (nodes) => `the feed shows more than the floor (${nodes} DOM nodes: the group header and each post's reactions, replies and report controls); its counts no longer build an Intl.NumberFormat (about 65 ms at 4× CPU), but rendering the extra structure remains`,
  feedback: (nodes) => `its first view is larger than the floor's one fieldset (${nodes} DOM nodes: title, introduction, urgent-help note, a hint under each kind, the hidden spam trap, reassurance and the send button); nearly all of its time is Lit rendering that template, set up through the configuration, locale, draft, outbox and emergency-wording controllers with the shared theme and form styles`,
};

export function checkBudgets(results) {
  const out = [];
  const add = (name, pass, figure, why) => out.push({ name, pass, figure, ...(pass ? {} : { why }) });
  const size = (id) => results.sizes.find((row) => row.id === id);

  const loader = size('loader');
  add('Loader ≤ 3 KB gzip', loader?.gzip <= 3 * KB, loader ? `${kb(loader.gzip)} gzip (entry chunk; ${loader.lazy?.files ?? 0} lazy chunks load per tag)` : 'not measured', 'the loader entry chunk is over 3 KB');

  const widgets = results.sizes.filter((row) => row.widget && !row.error);
  const heaviest = widgets.reduce((a, b) => (b.gzip > (a?.gzip ?? -1) ? b : a), undefined);
  const inlineChat = size('educator-chat-inline');
  add('Heaviest single widget with core and lit ≤ 25 KB gzip', heaviest?.gzip <= 25 * KB, heaviest ? `${heaviest.id}: ${kb(heaviest.gzip)} gzip; ${widgets.map((w) => `${w.id} ${kb(w.gzip)}`).join(', ')}${inlineChat?.gzip ? ` (the chat as a launcher; inline, with the chat itself, ${kb(inlineChat.gzip)})` : ''}` : 'not measured',
    'a Careline widget starts from about 14 KB gzip (lit with context and task, about 8 KB; core\'s element, configuration, i18n, theme, drafts and the watch for unsent writes, about 6 KB), leaving about 11 KB for a widget\'s own first view. What a first view does not show loads when it is needed: the chat itself behind its launcher, the feedback form past its first question, the record viewer\'s and the feed\'s forms (each with its English), other languages, the outbox, the IndexedDB code, the emergency-wording lists, the question engine and the trend chart; <care-provider> comes only with markup configuration. The feedback form (first view) and the chat launcher are within 25 KB. What remains up front is the first view itself: the record viewer\'s sections with their FHIR reading (display names, ranges, flags, provenance) and the feed\'s posts with their markdown, reactions and keyboard feed navigation; loading those per section or per view would cost a second request before the first content');

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
        TTFC_WHY[id](`${pages[id]?.nodes?.median} against the floor's ${pages[`lit-${id}`]?.nodes?.median}`));
    }
  }

  for (const [id, label] of [['chat-10k', '10,000 chat messages'], ['feed-10k-all', '10,000 posts']]) {
    const row = results.longLists?.[id];
    const nodes = row?.listNodes?.median;
    add(`${label} render with < 500 DOM nodes in the list`, nodes < 500, row ? `${nodes} nodes in the list` : 'not measured',
      id.startsWith('chat') ? 'the chat renders a window of messages that is too large for the budget' : 'the feed renders a window of posts that is too large for the budget');
  }

  for (const [leakId, leak] of Object.entries(results.leaks ?? {})) {
    leak.id ??= leakId;
    if (!leak.ours) continue;
    if (leak.error) {
      add(`${leak.label}: 1,000 connect/disconnect cycles`, false, leak.error, 'the cycles could not be run');
      continue;
    }
    add(`${leak.label}: heap growth ≤ 20% after ${leak.count} cycles`, leak.growth <= 0.2, `${(leak.growth * 100).toFixed(1)}% (${kb(leak.before)} → ${kb(leak.after)})`, 'something each cycle creates outlives the element: `node src/growth.mjs <page> 500` shows what grows');
    add(`${leak.label}: no instance alive after ${leak.count} cycles and GC`, leak.alive === 0, `${leak.alive} alive`, 'something still references removed elements: `node src/retainers.mjs <page> <tag> 30` prints the retaining paths');
  }
  return out;
}
