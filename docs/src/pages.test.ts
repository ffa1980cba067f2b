// Every page of the documentation site, rendered by the same function as the build, passes axe
// as a whole page; the live examples with their elements defined and the mock backend running.
import { expect } from '@open-wc/testing';
import { formatViolations } from '../../packages/testing/src/a11y.js';
import { MARKDOWN_PAGES, type Page } from './render.js';
import { axeRun, deepElements, loadPages, loadPage } from './test-helpers.js';

const pages = await loadPages();

describe('docs site pages', () => {
  it('has a page for every markdown file, element, example and the REST API', () => {
    const paths = pages.map((page) => page.path);
    for (const { path, optional } of MARKDOWN_PAGES) if (!optional) expect(paths, path).to.include(path.replace(/\.md$/, '.html'));
    expect(paths).to.include('api/index.html');
    expect(pages.filter((page) => page.kind === 'example').length).to.be.greaterThan(4);
    expect(new Set(paths).size, 'unique paths').to.equal(paths.length);
  });

  it('links only to pages that exist, and loads nothing from another origin', () => {
    const paths = new Set(pages.map((page) => page.path));
    for (const page of pages) {
      const document = new DOMParser().parseFromString(page.html, 'text/html');
      for (const link of Array.from(document.querySelectorAll('a[href]'))) {
        const href = link.getAttribute('href')!;
        if (/^https?:/.test(href)) continue; // links out are fine; loading from elsewhere is not
        if (href.startsWith('#')) {
          if (href.length > 1) expect(document.getElementById(decodeURIComponent(href.slice(1))), `${page.path} → ${href}`).to.not.equal(null);
          continue;
        }
        const target = new URL(href, `https://site.invalid/${page.path}`);
        const path = target.pathname.slice(1);
        if (path === 'api/openapi.yaml') continue;
        expect(paths.has(path), `${page.path} links to ${href}`).to.equal(true);
      }
      for (const resource of Array.from(document.querySelectorAll('script[src], link[href], img[src], iframe[src]'))) {
        const url = resource.getAttribute('src') ?? resource.getAttribute('href')!;
        expect(url, `${page.path} loads ${url}`).to.not.match(/^(https?:)?\/\//);
      }
      expect(document.querySelectorAll('script:not([src])').length, `${page.path} inline scripts`).to.equal(0);
    }
  });

  it('shows no live Careline element outside the example pages', () => {
    for (const page of pages.filter((candidate) => candidate.kind !== 'example')) {
      const document = new DOMParser().parseFromString(page.html, 'text/html');
      expect(document.querySelector('care-provider, care-educator-chat, care-record-viewer, care-community-feed, care-feedback-form, care-feedback-status'), page.path).to.equal(null);
    }
  });

  it('an example page shows the events the page receives, with their fields', async function (this: Mocha.Context) {
    this.timeout(90_000);
    const loaded = await loadPage(pages.find((page) => page.path === 'examples/feedback-form.html')!);
    try {
      const log = loaded.document.querySelector('[data-event-log]')!;
      expect(log.getAttribute('data-event-log')!.split(' ')).to.include.members(['care-feedback-start', 'care-feedback-track']);
      const form = loaded.document.querySelector('care-feedback-form')!;
      const radio = form.shadowRoot!.querySelector<HTMLInputElement>('#feedback-kind-compliment')!;
      radio.click();
      const started = performance.now();
      while (log.children.length === 0 && performance.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(log.textContent).to.include('care-feedback-start {"kind":"compliment"}');
    } finally {
      loaded.remove();
    }
  });

  for (const page of pages) {
    it(`${page.path} passes axe as a whole page`, async function (this: Mocha.Context) {
      this.timeout(page.kind === 'example' ? 90_000 : 30_000);
      await checkPage(page);
    });
  }
});

async function checkPage(page: Page): Promise<void> {
  const loaded = await loadPage(page);
  try {
    expect(loaded.window.getComputedStyle(loaded.document.body).fontFamily, 'site stylesheet applied').to.match(/system-ui/);
    if (page.kind === 'example') {
      const widgets = loaded.document.querySelectorAll('.example-stage > *');
      expect(widgets.length, 'live widgets').to.be.greaterThan(0);
      for (const widget of Array.from(loaded.document.querySelectorAll('.example-stage *'))) {
        if (!widget.localName.startsWith('care-')) continue;
        expect(loaded.window.customElements.get(widget.localName), `${widget.localName} defined`).to.not.equal(undefined);
        // Configured and working: no configuration problem or error panel.
        const problem = deepElements(widget.shadowRoot ?? widget).find((element) => ['config', 'error'].includes(element.getAttribute('data-state') ?? ''));
        expect(problem?.textContent?.replace(/\s+/g, ' ').trim(), `${page.path}: <${widget.localName}> problem`).to.equal(undefined);
      }
    }
    const results = await axeRun(loaded);
    if (results.violations.length > 0) expect.fail(formatViolations(loaded.document.documentElement, results.violations));
  } finally {
    loaded.remove();
  }
}
