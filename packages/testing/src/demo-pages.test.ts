// The demo hospital pages must be accessible in their own markup, before any widget is added.
// Scripts are stripped, so this checks the static page whatever the lead wires in later.
import { expect } from '@open-wc/testing';
import { formatViolations, injectAxe } from './a11y.js';

const DEMO_PAGES = [
  'index.html',
  'patients.html',
  'record.html',
  'community.html',
  'feedback.html',
  'track.html',
  'contact.html',
  'single-script.html',
  'about-id.html',
  'fa.html',
];

/** Loads a demo page without its scripts into a visible same-origin iframe, with axe injected. */
async function loadStaticPage(file: string): Promise<HTMLIFrameElement> {
  const response = await fetch(`/demo/${file}`);
  expect(response.status, `/demo/${file}`).to.equal(200);
  const source = new DOMParser().parseFromString(await response.text(), 'text/html');
  const stripped = source.cloneNode(true) as Document;
  for (const script of Array.from(stripped.querySelectorAll('script'))) script.remove();
  const base = stripped.createElement('base');
  base.href = new URL('/demo/', location.href).href;
  stripped.head.prepend(base);

  const frame = document.createElement('iframe');
  frame.title = file;
  frame.style.cssText = 'width: 1024px; height: 768px; border: 0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = `<!DOCTYPE html>${stripped.documentElement.outerHTML}`;
  document.body.append(frame);
  await loaded;

  const frameDocument = frame.contentDocument!;
  await injectAxe(frameDocument);
  // Colour contrast is only meaningful with the page's own stylesheet applied.
  expect(frame.contentWindow!.getComputedStyle(frameDocument.body).fontFamily, `${file} stylesheet`).to.match(/Verdana|Tahoma/);
  return frame;
}

describe('demo pages', () => {
  for (const file of DEMO_PAGES) {
    it(`${file} passes axe as a whole page`, async () => {
      const frame = await loadStaticPage(file);
      try {
        const axe = (frame.contentWindow as unknown as { axe: typeof import('axe-core') }).axe;
        const results = await axe.run(frame.contentDocument!, { resultTypes: ['violations'] });
        if (results.violations.length > 0) expect.fail(formatViolations(frame.contentDocument!.documentElement, results.violations));
      } finally {
        frame.remove();
      }
    });

    it(`${file} declares its language and charset and marks its Careline slots`, async () => {
      const response = await fetch(`/demo/${file}`);
      const text = await response.text();
      const page = new DOMParser().parseFromString(text, 'text/html');
      expect(page.documentElement.lang, 'html lang').to.match(/^(en|id|fa)$/);
      expect(page.title.trim(), 'title').to.not.equal('');
      expect(page.querySelector('meta[charset]')?.getAttribute('charset')?.toLowerCase()).to.equal('utf-8');
      expect(page.querySelector('main'), '<main>').to.not.equal(null);
      expect(page.querySelector('[role="navigation"]'), 'navigation').to.not.equal(null);
      // Each place for a widget holds either its tag (once the widget exists) or an empty slot.
      const slots = Array.from(page.querySelectorAll('div[id^="careline-slot-"]'));
      const widgets = Array.from(page.querySelectorAll('care-educator-chat, care-record-viewer, care-community-feed, care-feedback-form, care-feedback-status'));
      expect(slots.length + widgets.length, 'careline slots or widgets').to.be.greaterThan(0);
      for (const slot of slots) {
        expect(slot.childNodes.length, `#${slot.id} is empty`).to.equal(0);
        // The comment right before each slot names the tag that goes there.
        let previous = slot.previousSibling;
        while (previous && previous.nodeType === Node.TEXT_NODE && !previous.textContent?.trim()) previous = previous.previousSibling;
        expect(previous?.nodeType, `comment before #${slot.id}`).to.equal(Node.COMMENT_NODE);
        expect(previous?.textContent).to.match(/Careline: <care-[a-z-]+> goes here/);
      }
      // Nothing may load from another origin: no absolute or protocol-relative URLs.
      expect(text).to.not.match(/(src|href|action)\s*=\s*["']?(https?:)?\/\//i);
    });
  }

  it('fa.html is right-to-left, about-id.html is Indonesian, single-script.html has one classic script', async () => {
    const parse = async (file: string) => new DOMParser().parseFromString(await (await fetch(`/demo/${file}`)).text(), 'text/html');
    const persian = await parse('fa.html');
    expect([persian.documentElement.lang, persian.documentElement.dir]).to.deep.equal(['fa', 'rtl']);
    expect((await parse('about-id.html')).documentElement.lang).to.equal('id');
    const scripts = Array.from((await parse('single-script.html')).scripts, (script) => [script.getAttribute('src'), script.type])
      // The test server injects its own live-reload script into every HTML file it serves.
      .filter(([src]) => !src?.startsWith('/__web-dev-server'));
    expect(scripts).to.deep.equal([['/careline.js', '']]);
  });
});
