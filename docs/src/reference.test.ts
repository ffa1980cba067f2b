// The generated element reference lists every public element of every manifest with all its
// attributes, events, slots, parts and CSS custom properties; every element a package defines
// is in a manifest; markdown links and anchors are rewritten for the site.
import { expect } from '@open-wc/testing';
import { documentedEvents, elementsOf, publicFields, referencePagePath, relativeUrl, renderMarkdown, slugify, type Page } from './render.js';
import { loadPages, loadSource, PACKAGE_DIRS } from './test-helpers.js';

const source = await loadSource();
const pages = await loadPages();
const elements = elementsOf(source.manifests);

function page(path: string): Document {
  const found = pages.find((candidate: Page) => candidate.path === path);
  if (!found) throw new Error(`No page ${path}`);
  return new DOMParser().parseFromString(found.html, 'text/html');
}

/** The first cells (row headers) of the table in the section with this heading id. */
function rowNames(document: Document, sectionId: string): string[] {
  const section = document.getElementById(sectionId)?.closest('section');
  return Array.from(section?.querySelectorAll('tbody th') ?? [], (cell) => cell.textContent!.trim());
}

describe('element reference', () => {
  it('reads a manifest from every package that declares one', () => {
    expect(Object.keys(source.manifests).sort()).to.deep.equal([
      '@careline/community-feed',
      '@careline/core',
      '@careline/educator-chat',
      '@careline/feedback-form',
      '@careline/record-viewer',
    ]);
  });

  it('the manifests list every element a package defines', async () => {
    const defined = new Set<string>();
    for (const dir of PACKAGE_DIRS) {
      const pkg = (await (await fetch(`/packages/${dir}/package.json`)).json()) as { exports?: Record<string, string> };
      // define.js, and the per-element entries it imports (define-form.js, …).
      const defineModules = Object.entries(pkg.exports ?? {}).flatMap(([entry, file]) => (/^\.\/define(-[a-z-]+)?\.js$/.test(entry) ? [file] : []));
      for (const defineModule of defineModules) {
        const code = await (await fetch(`/packages/${dir}/${defineModule.replace(/^\.\//, '')}`)).text();
        for (const match of code.matchAll(/(?:customElements\.define|defineElement)\(\s*['"]([a-z][a-z0-9]*-[a-z0-9-]+)['"]/g)) defined.add(match[1]!);
      }
    }
    expect([...defined].sort()).to.deep.equal(['care-community-feed', 'care-educator-chat', 'care-feedback-form', 'care-feedback-status', 'care-provider', 'care-record-viewer']);
    expect(elements.map((element) => element.tagName)).to.deep.equal([...defined].sort());
  });

  for (const element of elements) {
    describe(`<${element.tagName}>`, () => {
      const document = page(referencePagePath(element.tagName));
      const d = element.declaration;

      it('has a page titled with its tag, naming its package', () => {
        expect(document.querySelector('h1')!.textContent).to.equal(`<${element.tagName}>`);
        expect(document.querySelector('.facts')!.textContent).to.include(element.packageName);
      });

      it('lists every attribute, with its property', () => {
        expect(rowNames(document, 'attributes')).to.deep.equal((d.attributes ?? []).map((attribute) => attribute.name));
        for (const attribute of d.attributes ?? []) {
          const rows = document.getElementById('attributes')!.closest('section')!.querySelectorAll('tbody tr');
          const row = Array.from(rows).find((tr) => tr.querySelector('th')!.textContent === attribute.name);
          expect(row?.textContent, attribute.name).to.include(attribute.fieldName ?? '');
        }
      });

      it('lists every public property', () => {
        expect(rowNames(document, 'properties')).to.deep.equal(publicFields(d).map((field) => field.name));
      });

      it('lists every documented event', () => {
        const events = documentedEvents(d).map((event) => event.name);
        expect(rowNames(document, 'events')).to.deep.equal(events);
        for (const event of d.events ?? []) if (event.description) expect(events).to.include(event.name);
      });

      it('lists every slot, part and CSS custom property', () => {
        expect(rowNames(document, 'slots')).to.deep.equal((d.slots ?? []).map((slot) => (slot.name ? slot.name : '(default)')));
        expect(rowNames(document, 'parts')).to.deep.equal((d.cssParts ?? []).map((part) => part.name));
        expect(rowNames(document, 'css-properties')).to.deep.equal((d.cssProperties ?? []).map((property) => property.name));
      });

      it('is in the navigation of every page', () => {
        for (const other of ['index.html', 'configuration.html', 'examples/themes.html']) {
          const links = Array.from(page(other).querySelectorAll('.site-nav a'), (link) => link.getAttribute('href'));
          expect(links, other).to.include(relativeUrl(other, referencePagePath(element.tagName)));
        }
      });
    });
  }

  it('the widgets every page can show are all in the reference, with the parts every widget has', () => {
    for (const element of elements.filter((candidate) => candidate.tagName !== 'care-provider')) {
      const parts = (element.declaration.cssParts ?? []).map((part) => part.name);
      expect(parts, element.tagName).to.include.members(['base', 'state']);
    }
  });

  it('leaves out the analyzer’s duplicate, undocumented events', () => {
    const viewer = elements.find((element) => element.tagName === 'care-record-viewer')!;
    const names = documentedEvents(viewer.declaration).map((event) => event.name);
    expect(names).to.include('care-record-section');
    expect(names).to.not.include('section');
  });
});

describe('markdown rendering', () => {
  it('turns links to markdown files into links to their pages, keeping anchors', () => {
    const html = renderMarkdown('See [config](../configuration.md#from-javascript), [API](../api/openapi.yaml) and [code](../../packages/core/src/errors.ts).', 'elements/x.md').html;
    expect(html).to.include('href="../configuration.html#from-javascript"');
    expect(html).to.include('href="../api/index.html"');
    expect(html).to.not.include('errors.ts"');
    expect(html).to.include('<code>packages/core/src/errors.ts</code>');
    expect(renderMarkdown('[live](../examples/themes.html)', 'getting-started/x.md').html).to.include('href="../examples/themes.html"');
  });

  it('gives headings GitHub-style ids, so existing anchors keep working', () => {
    expect(slugify('<code>subscribe(options)</code>: connection states and resync')).to.equal('subscribeoptions-connection-states-and-resync');
    const adapterGuide = page('adapter-guide.html');
    for (const link of Array.from(adapterGuide.querySelectorAll('main a[href^="#"]'))) {
      expect(adapterGuide.getElementById(link.getAttribute('href')!.slice(1)), link.getAttribute('href')!).to.not.equal(null);
    }
  });

  it('puts each table in a region keyboard users can reach to scroll it, named by its section and columns, each name once', () => {
    const source = '## Sizes\n\n| Entry | `gzip` |\n| --- | --- |\n| a | 1 |\n\n| Entry | `gzip` |\n| --- | --- |\n| b | 2 |\n\n## Speed <x>\n\n| Page | ms |\n| --- | --- |\n| c | 3 |\n';
    const rendered = new DOMParser().parseFromString(renderMarkdown(source, 'x.md').html, 'text/html');
    const wraps = Array.from(rendered.querySelectorAll('.table-wrap'));
    expect(wraps.map((wrap) => [wrap.getAttribute('role'), wrap.getAttribute('tabindex')])).to.deep.equal([['region', '0'], ['region', '0'], ['region', '0']]);
    expect(wraps.map((wrap) => wrap.getAttribute('aria-label'))).to.deep.equal(['Sizes: table of Entry, gzip', 'Sizes: table of Entry, gzip (2)', 'Speed <x>: table of Page, ms']);
    // The reference's tables are named by their captions.
    expect(page(referencePagePath('care-feedback-form')).querySelector('.table-wrap')!.getAttribute('aria-label')).to.equal('Attributes of <care-feedback-form>');
  });

  it('computes relative URLs between pages', () => {
    expect(relativeUrl('index.html', 'elements/educator-chat.html')).to.equal('elements/educator-chat.html');
    expect(relativeUrl('elements/educator-chat.html', 'reference/care-educator-chat.html')).to.equal('../reference/care-educator-chat.html');
    expect(relativeUrl('adapters/chatwoot.html', 'adapters/discourse.html#x')).to.equal('discourse.html#x');
    expect(relativeUrl('examples/themes.html', '')).to.equal('../');
  });
});
