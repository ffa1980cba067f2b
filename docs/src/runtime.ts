/**
 * What a live example page runs: the element definitions, the mock backend in a service worker
 * and one page-level configuration, exactly as the demo does (demo/src/main.ts and
 * demo/src/mock-backend.ts); then the theme switcher and the event log of the page.
 * No inline script anywhere, so the pages work under the CSP the privacy page recommends.
 */
import '@careline/core/define.js';
import '@careline/adapter-rest/define.js';
import '@careline/educator-chat/define.js';
import '@careline/record-viewer/define.js';
import '@careline/community-feed/define.js';
import '@careline/feedback-form/define.js';
import { configure } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend } from '@careline/mock';
import { startMockWorker } from '@careline/mock/browser.js';

export const API_BASE_URL = '/api/careline/v1';

/** Names of an event's own fields and their values: exactly what a listener receives. */
export function describeEvent(event: Event): string {
  const fields: Record<string, unknown> = {};
  // `isTrusted` is an own property of every event, not something the widget chose to send.
  for (const key of Object.keys(event)) if (key !== 'isTrusted') fields[key] = (event as unknown as Record<string, unknown>)[key];
  if (event instanceof CustomEvent && event.detail !== null && event.detail !== undefined) fields['detail'] = event.detail;
  return `${event.type} ${JSON.stringify(fields)}`;
}

/** Radios in `[data-theme-switcher="<id>"]` set the theme class on the element with that id. */
export function wireThemeSwitchers(root: ParentNode = document): void {
  for (const switcher of Array.from(root.querySelectorAll<HTMLElement>('[data-theme-switcher]'))) {
    const target = document.getElementById(switcher.dataset['themeSwitcher'] ?? '');
    if (!target) continue;
    const classes = Array.from(switcher.querySelectorAll<HTMLInputElement>('input[type="radio"]'), (input) => input.value).filter(Boolean);
    switcher.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      target.classList.remove(...classes);
      if (input.value) target.classList.add(input.value);
    });
  }
}

/** `<ol data-event-log="a b c">` lists the events of those names, as they happen on the page. */
export function wireEventLogs(root: ParentNode = document): void {
  for (const log of Array.from(root.querySelectorAll<HTMLElement>('[data-event-log]'))) {
    for (const name of (log.dataset['eventLog'] ?? '').split(/\s+/).filter(Boolean)) {
      // Capture on the document sees every event dispatched in the page, bubbling or not.
      document.addEventListener(
        name,
        (event) => {
          const item = document.createElement('li');
          const code = document.createElement('code');
          code.textContent = describeEvent(event);
          item.append(code);
          log.append(item);
        },
        { capture: true },
      );
    }
  }
}

export async function startDocsExamples(): Promise<void> {
  wireThemeSwitchers();
  wireEventLogs();
  const backend = createMockBackend({ baseUrl: API_BASE_URL, feedbackProgressMs: 2 * 60_000 });
  // The worker sits at the site's root (vite serves it there; the build copies it there), so the
  // site works from any directory: each page names its way back to the root.
  const siteRoot = new URL(document.documentElement.dataset['siteRoot'] ?? '/', document.baseURI);
  await startMockWorker(backend, { serviceWorkerUrl: new URL('mockServiceWorker.js', siteRoot).pathname });
  configure({ adapter: createRestAdapter({ baseUrl: API_BASE_URL }), namespace: 'careline-docs' });
  document.documentElement.dataset['carelineReady'] = 'true';
}

await startDocsExamples();
