/**
 * In-page half of the bench: mounts one scenario when the page's modules have run,
 * times the tag entering the page to its first meaningful content, and exposes the
 * follow-up actions (append, load more, trend, connect/disconnect cycles) the Node side calls.
 */
export const params = new URLSearchParams(location.search);
export const num = (name, fallback) => (params.has(name) ? Number(params.get(name)) : fallback);

/** Nodes under `root`, shadow roots included. */
export function countNodes(root) {
  if (!root) return 0;
  let count = 0;
  const walk = (node) => {
    count++;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(root);
  return count;
}

/**
 * What a person sees under `root`, shadow roots included: elements, and characters of text
 * (whitespace trimmed). Unlike `countNodes`, blind to Lit's comment markers and to whitespace
 * between tags, so a widget and a floor showing the same thing count the same.
 */
export function countVisible(root) {
  const visible = { elements: 0, textChars: 0 };
  const walk = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE) visible.elements++;
    else if (node.nodeType === Node.TEXT_NODE) visible.textChars += node.data.trim().length;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
  };
  if (root) walk(root);
  return visible;
}

/** Resolves with performance.now() when `check()` first holds: checked on every DOM mutation under the roots and every frame. */
export function waitFor(check, roots, timeoutMs = num("timeout", 60_000)) {
  return new Promise((resolve, reject) => {
    if (check()) return resolve(performance.now());
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      ok ? resolve(performance.now()) : reject(new Error(`timed out after ${timeoutMs} ms`));
    };
    // A root that appears later (a widget drawn inside an element it loads) is observed from the mutation that adds it.
    const observer = new MutationObserver(() => (check() ? finish(true) : observeAll()));
    const observeAll = () => {
      for (const root of roots()) if (root) observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
    };
    observeAll();
    const frame = () => {
      if (done) return;
      if (check()) return finish(true);
      observeAll();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const timer = setTimeout(() => finish(false), timeoutMs);
  });
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Long tasks seen so far (the inline observer in each page's head starts at navigation). */
function longTasksUntil(end, [skipFrom, skipTo]) {
  // The bench's own fixture generation (in prepare) is not the widget's work: left out.
  const tasks = (window.__longTasks ?? []).filter(([start, duration]) => start < end && !(start + duration > skipFrom && start < skipTo));
  return { count: tasks.length, tbt: tasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0), longest: tasks.reduce((m, [, d]) => Math.max(m, d), 0) };
}

/**
 * scenario: {
 *   prepare?(): Promise<void>            before the tag (configure, seed storage)
 *   mount(host): Element                 puts the tag (or React root) into host, returns it
 *   ready(el): boolean                   first meaningful content is in the DOM
 *   list?(el): Node                      the list whose nodes are counted
 *   roots(el): Node[]                    where to watch for mutations
 *   actions?: { name: async (el) => ms }
 *   unmount?(el)                          for cycles
 * }
 */
export function run(scenario) {
  const host = document.getElementById('host');
  const state = { done: false };
  window.__bench = state;
  window.__benchRun = (async () => {
    try {
      const p0 = performance.now();
      await scenario.prepare?.();
      const p1 = performance.now();
      await nextTask();
      // ?profile: src/profile.mjs records a CPU profile of exactly this window.
      const profiling = params.has('profile');
      if (profiling) console.profile('bench');
      // ?mark: user-timing marks around the measured span, for a Chrome trace of it (src/trace.mjs).
      const marking = params.has('mark');
      if (marking) performance.mark('bench-mount');
      const t0 = performance.now();
      const el = scenario.mount(host);
      const t1 = await waitFor(() => scenario.ready(el), () => scenario.roots(el));
      if (marking) performance.mark('bench-content');
      if (profiling) console.profileEnd('bench');
      state.el = el;
      // Long-task entries are delivered after the task ends: let them arrive.
      await new Promise((resolve) => setTimeout(resolve, 60));
      // What came over the network before that content (compressed, headers included): the page, its scripts, any fonts or data.
      const arrived = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].filter((entry) => entry.responseEnd <= t1);
      Object.assign(state, {
        ttfc: t1 - t0,
        contentAt: t1,
        bytesBeforeContent: arrived.reduce((sum, entry) => sum + (entry.transferSize ?? 0), 0),
        longTasks: longTasksUntil(t1 + 1, [p0, p1]),
        nodes: countNodes(el),
        visible: countVisible(el),
        listNodes: scenario.list ? countNodes(scenario.list(el)) : undefined,
        done: true,
      });
    } catch (error) {
      state.error = String(error?.stack ?? error);
    }
    return { ...state, el: undefined };
  })();

  window.__benchAction = async (name) => {
    const el = state.el;
    const result = await scenario.actions[name](el);
    return { ...result, nodes: countNodes(el), listNodes: scenario.list ? countNodes(scenario.list(el)) : undefined };
  };

  /** n connect/disconnect cycles of a fresh element each time; keeps no reference to any of them. */
  window.__benchCycles = async (n) => {
    if (state.el) {
      (scenario.unmount ?? ((el) => el.remove()))(state.el);
      state.el = undefined;
    }
    for (let i = 0; i < n; i++) {
      let el = scenario.mount(host);
      await nextTask();
      await el.updateComplete;
      (scenario.unmount ?? ((e) => e.remove()))(el);
      el = undefined;
    }
    // Let timers the widgets started (read markers, retries) run out before anyone counts what is left.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return n;
  };
}

/** Times an action: does `act()`, waits until `done()` holds. */
export async function timed(act, done, roots) {
  const t0 = performance.now();
  act();
  const t1 = await waitFor(done, roots);
  return { ms: t1 - t0 };
}
