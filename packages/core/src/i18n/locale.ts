/**
 * Finding the language that applies to an element, across shadow roots, and
 * being told when any `lang` attribute on the page changes.
 */
import { registry } from '../registry.js';

/** Closest `[lang]` ancestor-or-self, crossing shadow-root boundaries. */
export function closestLang(element: Element): string | undefined {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return undefined;
}

const LANG_OBSERVER = 'lang-observer';

interface LangObserver {
  listeners: Set<() => void>;
  observer: MutationObserver;
}

/** One shared observer for every widget: cheap, and catches run-time language switches. */
export function observeLangChanges(listener: () => void): () => void {
  const services = registry().services;
  let shared = services.get(LANG_OBSERVER) as LangObserver | undefined;
  if (!shared) {
    shared = createLangObserver();
    services.set(LANG_OBSERVER, shared);
  }
  const { listeners } = shared;
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Built apart from `observeLangChanges`: a callback created in that function's scope would share
 * its closure with the first caller's `listener` and keep that element alive for the page's life.
 */
function createLangObserver(): LangObserver {
  const listeners = new Set<() => void>();
  const observer = new MutationObserver(() => {
    for (const notify of [...listeners]) notify();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  return { listeners, observer };
}
