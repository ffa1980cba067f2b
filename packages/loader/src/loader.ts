/**
 * Defines only the Careline elements a page actually uses. Each widget's code is
 * fetched the first time its tag appears, including tags a CMS or a script adds
 * later; lit and core are shared chunks, so they are fetched once.
 */

export type ModuleLoader = () => Promise<unknown>;

/** What to load for each tag. Tags that share a module share its loader, so it is requested once; the feedback form and its status page load apart, as they rarely share a page. */
export const ELEMENT_MODULES: Readonly<Record<string, ModuleLoader>> = {
  'care-provider': () => import('@careline/core/define.js'),
  'care-educator-chat': () => import('@careline/educator-chat/define.js'),
  'care-record-viewer': () => import('@careline/record-viewer/define.js'),
  'care-community-feed': () => import('@careline/community-feed/define.js'),
  'care-feedback-form': () => import('@careline/feedback-form/define-form.js'),
  'care-feedback-status': () => import('@careline/feedback-form/define-status.js'),
};

/** Adapters a declarative `<care-provider adapter="…">` may name. */
export const ADAPTER_MODULES: Readonly<Record<string, ModuleLoader>> = {
  rest: () => import('@careline/adapter-rest/define.js'),
  fhir: () => import('@careline/adapter-fhir/define.js'),
  chatwoot: () => import('@careline/adapter-chatwoot/define.js'),
  discourse: () => import('@careline/adapter-discourse/define.js'),
};

export interface LoaderOptions {
  elements?: Readonly<Record<string, ModuleLoader>>;
  adapters?: Readonly<Record<string, ModuleLoader>>;
  /** Told when a module cannot be loaded (offline, a blocked file); the tag stays undefined and is retried when it appears again. */
  onError?: (tag: string, error: unknown) => void;
}

export interface CarelineLoader {
  /** Settles when every load started so far has settled. */
  idle(): Promise<void>;
  /** The tags whose module was requested, in order. */
  readonly requested: readonly string[];
  stop(): void;
}

export function startLoader(root: Document | Element | ShadowRoot = document, options: LoaderOptions = {}): CarelineLoader {
  const elements = options.elements ?? ELEMENT_MODULES;
  const adapters = options.adapters ?? ADAPTER_MODULES;
  const started = new Map<ModuleLoader, Promise<unknown>>();
  const requested: string[] = [];
  const tags = Object.keys(elements);
  const selector = tags.join(',');

  const load = (key: string, loader: ModuleLoader) => {
    if (started.has(loader)) return;
    requested.push(key);
    const promise = loader().catch((error: unknown) => {
      // Forget it, so the next appearance of the tag tries again.
      started.delete(loader);
      options.onError?.(key, error);
    });
    started.set(loader, promise);
  };

  const visit = (element: Element) => {
    const tag = element.localName;
    const loader = elements[tag];
    if (loader && !customElements.get(tag)) load(tag, loader);
    if (tag === 'care-provider') {
      const adapter = element.getAttribute('adapter')?.trim();
      const adapterLoader = adapter ? adapters[adapter] : undefined;
      if (adapter && adapterLoader) load(`adapter:${adapter}`, adapterLoader);
    }
  };

  const scan = (node: ParentNode) => {
    if (node instanceof Element && node.matches(selector)) visit(node);
    for (const element of node.querySelectorAll(selector)) visit(element);
  };

  scan(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof Element) visit(record.target);
      for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    }
  });
  // `adapter` may be set after the provider is in the page.
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['adapter'] });

  return {
    get requested() {
      return [...requested];
    },
    idle: async () => {
      let size = -1;
      // Loads may start others (none do today); wait until no new ones appear.
      while (size !== started.size) {
        size = started.size;
        await Promise.all(started.values());
      }
    },
    stop: () => observer.disconnect(),
  };
}
