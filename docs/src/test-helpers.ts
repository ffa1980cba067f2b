/**
 * For the docs tests: the site's sources fetched from the test server, the pages rendered by
 * the same function the vite plugin uses, and a page loaded into an iframe with axe.
 */
import type { AxeResults, RunOptions } from 'axe-core';
import { parse as parseYaml } from 'yaml';
import { injectAxe, waitFor } from '@careline/testing';
import { buildSite, MARKDOWN_PAGES, type Manifest, type Page, type RenderOptions, type SiteSource } from './render.js';

/** Every package directory, so the tests find every manifest (a package names it in package.json "customElements"). */
export const PACKAGE_DIRS = [
  'adapter-chatwoot',
  'adapter-discourse',
  'adapter-fhir',
  'adapter-rest',
  'community-feed',
  'core',
  'educator-chat',
  'feedback-form',
  'fhir-test-server',
  'loader',
  'mock',
  'record-viewer',
  'testing',
];

/** As the vite plugin renders them, but with URLs the test server serves. */
export const TEST_OPTIONS: RenderOptions = {
  styles: ['/docs/src/site.css', '/packages/core/themes/dark.css', '/packages/core/themes/high-contrast.css'],
  exampleScripts: ['/docs/src/runtime.ts'],
};

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

let sourceLoading: Promise<SiteSource> | undefined;

export function loadSource(): Promise<SiteSource> {
  sourceLoading ??= (async () => {
    const markdown: Record<string, string> = {};
    await Promise.all(
      MARKDOWN_PAGES.map(async ({ path, optional }) => {
        if (optional && !(await fetch(`/docs/${path}`, { method: 'HEAD' })).ok) return;
        markdown[path] = await text(`/docs/${path}`);
      }),
    );
    const manifests: Record<string, Manifest> = {};
    for (const dir of PACKAGE_DIRS) {
      const response = await fetch(`/packages/${dir}/package.json`);
      if (!response.ok) continue;
      const pkg = (await response.json()) as { name: string; customElements?: string };
      if (pkg.customElements) manifests[pkg.name] = JSON.parse(await text(`/packages/${dir}/${pkg.customElements}`)) as Manifest;
    }
    const openapi = parseYaml(await text('/docs/api/openapi.yaml')) as Record<string, unknown>;
    return { markdown, manifests, openapi };
  })();
  return sourceLoading;
}

export async function loadPages(): Promise<Page[]> {
  return buildSite(await loadSource(), TEST_OPTIONS);
}

type Axe = typeof import('axe-core');

export interface LoadedPage {
  frame: HTMLIFrameElement;
  document: Document;
  window: Window & { axe: Axe };
  remove(): void;
}


/** Every element under `root`, through open shadow roots. */
export function deepElements(root: ParentNode): Element[] {
  const found: Element[] = [];
  for (const element of Array.from(root.querySelectorAll('*'))) {
    found.push(element);
    if (element.shadowRoot) found.push(...deepElements(element.shadowRoot));
  }
  return found;
}

/**
 * Generous waits: the first example page compiles every package on the test server, and CI
 * machines run other test files beside this one.
 *
 * Loads a page's HTML into a visible same-origin iframe. On example pages, waits until the
 * runtime has started the mock and the widgets have left their loading states.
 */
export async function loadPage(page: Page, size = { width: 1200, height: 900 }): Promise<LoadedPage> {
  // One frame at a time: a previous test's frame may be left behind by a timeout.
  for (const old of Array.from(document.querySelectorAll('iframe[data-docs-page]'))) old.remove();
  const frame = document.createElement('iframe');
  frame.title = page.title;
  frame.dataset['docsPage'] = page.path;
  frame.style.cssText = `width: ${size.width}px; height: ${size.height}px; border: 0`;
  // A real same-origin document, written over: unlike a srcdoc frame it is a service worker
  // client of its own, so the page's runtime can start the mock backend as on the site.
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = '/docs/src/fixtures/frame.html';
  document.body.append(frame);
  await loaded;
  const frameDocument = frame.contentDocument!;
  frameDocument.open();
  // The test server serves msw's worker at its root.
  frameDocument.write(page.html.replace(/data-site-root="[^"]*"/, 'data-site-root="/"'));
  frameDocument.close();
  await waitFor(
    () => Array.from(frameDocument.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).every((link) => link.sheet !== null),
    { timeout: 15_000, interval: 50, message: `${page.path} stylesheets` },
  );
  const frameWindow = frame.contentWindow as Window & { axe: Axe };
  if (page.kind === 'example') {
    await waitFor(() => frameDocument.documentElement.dataset['carelineReady'] === 'true', { timeout: 45_000, interval: 50, message: `${page.path} to start the mock` });
    const widgets = () => Array.from(frameDocument.querySelectorAll('care-educator-chat, care-record-viewer, care-community-feed, care-feedback-form, care-feedback-status'));
    await Promise.all(widgets().map((widget) => (widget as unknown as { updateComplete?: Promise<unknown> }).updateComplete));
    await waitFor(
      () =>
        widgets().every((widget) => {
          const inside = deepElements(widget.shadowRoot ?? widget);
          return inside.length > 0 && !inside.some((element) => element.getAttribute('data-state') === 'loading' || element.classList.contains('care-spinner'));
        }),
      { timeout: 30_000, interval: 50, message: `${page.path} widgets to load` },
    );
  }
  await injectAxe(frameDocument);
  return { frame, document: frameDocument, window: frameWindow, remove: () => frame.remove() };
}

export async function axeRun(loaded: LoadedPage, context: Element | Document = loaded.document, options: RunOptions = {}): Promise<AxeResults> {
  return loaded.window.axe.run(context, { resultTypes: ['violations'], ...options });
}
