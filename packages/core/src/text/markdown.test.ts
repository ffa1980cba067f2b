import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, render as litRender } from 'lit';
import { expectAccessible, watchForExecution, xssPayloads, CARELINE_XSS_PAYLOADS, type ExecutionMonitor } from '@careline/testing';
import { ALLOWED_LINK_PROTOCOLS, isPlainParagraph, linkDestination, renderMarkdown, safeHref, type MarkdownOptions } from './markdown.js';

/** Renders messages the way the chat does: each one through renderMarkdown, in a shadow root. */
class MarkdownMessages extends LitElement {
  static override properties = { messages: { attribute: false } };
  messages: readonly string[] = [];
  override render() {
    return html`${this.messages.map((text) => html`<div class="bubble">${renderMarkdown(text)}</div>`)}`;
  }
}
customElements.define('markdown-test-messages', MarkdownMessages);

/** Renders `text` into a div and returns it. */
async function render(text: string, options?: MarkdownOptions): Promise<HTMLElement> {
  return fixture<HTMLElement>(html`<div>${renderMarkdown(text, options)}</div>`);
}

/** The rendered HTML without lit's comment markers and the template's own line-break indentation. */
function markup(element: Element): string {
  return element.innerHTML.replace(/<!--[^]*?-->/g, '').replace(/>\s*\n\s*</g, '><').trim();
}

function links(root: ParentNode): HTMLAnchorElement[] {
  return [...root.querySelectorAll('a')];
}

describe('isPlainParagraph', () => {
  it('says plain exactly when renderMarkdown would show one paragraph of the same characters', async () => {
    const plain = ['Take it with your evening meal.', 'Is 2 + 2 = 4? (yes) <b>no</b> 50% & more', 'سلام، حالم خوب است', 'a-b 1.5 mg -3'];
    const marked = ['**bold**', '*it*', '_it_', '- item', '* item', '1. first', 'see https://example.org', 'line\nbreak', 'a\\b', '[a](tel:1)', ' lead', 'trail ', ''];
    for (const text of plain) {
      expect(isPlainParagraph(text), text).to.equal(true);
      const el = await render(text);
      expect(el.querySelectorAll('*').length, `${text}: one element`).to.equal(1);
      expect(el.firstElementChild!.localName).to.equal('p');
      expect(el.textContent, text).to.equal(text);
    }
    for (const text of marked) expect(isPlainParagraph(text), JSON.stringify(text)).to.equal(false);
  });
});

describe('renderMarkdown', () => {
  describe('blocks', () => {
    it('renders a paragraph per blank-line-separated block', async () => {
      const el = await render('First paragraph.\n\nSecond one.\n   \nThird.');
      expect(markup(el)).to.equal('<p>First paragraph.</p><p>Second one.</p><p>Third.</p>');
    });

    it('turns a single newline into a line break, and handles \\r\\n', async () => {
      const el = await render('Line one\nLine two\r\nLine three');
      expect(markup(el)).to.equal('<p>Line one<br>Line two<br>Line three</p>');
    });

    it('renders nothing for an empty or blank message', async () => {
      expect(markup(await render(''))).to.equal('');
      expect(markup(await render('  \n\n '))).to.equal('');
    });

    it('renders unordered lists from "- " and "* " lines', async () => {
      const el = await render('Bring:\n- your ID card\n- insurance card\n* medication list');
      expect(markup(el)).to.equal('<p>Bring:</p><ul><li>your ID card</li><li>insurance card</li><li>medication list</li></ul>');
    });

    it('renders ordered lists, keeping the first number', async () => {
      expect(markup(await render('1. Fast from midnight\n2. Take your tablets with water'))).to.equal(
        '<ol><li>Fast from midnight</li><li>Take your tablets with water</li></ol>',
      );
      const later = await render('3. third\n4. fourth');
      expect(later.querySelector('ol')!.getAttribute('start')).to.equal('3');
      expect((await render('1. one')).querySelector('ol')!.hasAttribute('start')).to.equal(false);
    });

    it('ends a list at a blank line or an unindented line, and continues an item on an indented line', async () => {
      const el = await render('- one\n  still one\n- two\nAfter the list.\n\n1. a\n- b');
      expect(markup(el)).to.equal(
        '<ul><li>one<br>still one</li><li>two</li></ul><p>After the list.</p><ol><li>a</li></ol><ul><li>b</li></ul>',
      );
    });

    it('does not mistake emphasis, negative numbers or a bare dash for a list', async () => {
      const el = await render('*Note* this\n-5 degrees\n-\n2024.');
      expect(el.querySelector('ul, ol')?.outerHTML ?? null).to.equal(null);
      expect(markup(el)).to.equal('<p><em>Note</em> this<br>-5 degrees<br>-<br>2024.</p>');
    });
  });

  describe('emphasis', () => {
    it('renders **bold**, *italic* and _italic_', async () => {
      const el = await render('This is **important**, *really* and _truly_.');
      expect(markup(el)).to.equal('<p>This is <strong>important</strong>, <em>really</em> and <em>truly</em>.</p>');
    });

    it('nests italic inside bold, and ***both***', async () => {
      expect(markup(await render('**take *two* tablets**'))).to.equal('<p><strong>take <em>two</em> tablets</strong></p>');
      expect(markup(await render('***now***'))).to.equal('<p><em><strong>now</strong></em></p>');
    });

    it('nests at most 8 deep, showing what is deeper as its text, however deep a message nests', async () => {
      const depthOf = (root: Element): number => {
        let deepest = 0;
        for (const element of root.querySelectorAll('p *')) {
          let depth = 0;
          for (let at: Element | null = element; at && at.tagName !== 'P'; at = at.parentElement) depth++;
          deepest = Math.max(deepest, depth);
        }
        return deepest;
      };
      // From any client of the backend: 2,500 levels would overflow the call stack and take the feed with it.
      const deep = await render(`${'*'.repeat(5_000)}a${'*'.repeat(5_000)} and _${'[x'.repeat(10)}_`);
      expect(depthOf(deep)).to.equal(8);
      expect(deep.textContent).to.contain('a and ');
      const written = '*one **two *three **four *five**  six* seven** eight* nine**';
      expect(depthOf(await render(written)), 'what people write nests as written').to.be.within(2, 8);
      expect(markup(await render('**take *two* tablets**'))).to.equal('<p><strong>take <em>two</em> tablets</strong></p>');
    });

    it('renders bold and italic inside list items', async () => {
      const el = await render('- **Morning:** 1 tablet\n- *Evening:* **2 tablets** after _food_\n1. **Call** us');
      expect(markup(el)).to.equal(
        '<ul><li><strong>Morning:</strong> 1 tablet</li><li><em>Evening:</em> <strong>2 tablets</strong> after <em>food</em></li></ul>' +
          '<ol><li><strong>Call</strong> us</li></ol>',
      );
    });

    it('leaves unmatched and spaced * and _ literal', async () => {
      for (const text of ['2 * 3 * 4 = 24', '**not closed', 'a single * star', 'trailing_', '_open only', '* * *x', 'price: 5*']) {
        const el = await render(text);
        expect(el.querySelector('strong, em')?.outerHTML ?? null, text).to.equal(null);
        expect(el.textContent!.trim(), text).to.equal(text.startsWith('* ') ? text.slice(2) : text);
      }
    });

    it('does not italicise inside words with _ (snake_case), but keeps text intact', async () => {
      const el = await render('file_name_here and my_var_');
      expect(el.querySelector('em')?.outerHTML ?? null).to.equal(null);
      expect(el.textContent!.trim()).to.equal('file_name_here and my_var_');
    });

    it('keeps the leftover of unequal runs literal', async () => {
      expect(markup(await render('**bold*'))).to.equal('<p>*<em>bold</em></p>');
      expect(markup(await render('*a **b** c*'))).to.equal('<p><em>a <strong>b</strong> c</em></p>');
    });

    it('spans a line break inside one paragraph', async () => {
      expect(markup(await render('**one\ntwo**'))).to.equal('<p><strong>one<br>two</strong></p>');
    });

    it('honours backslash escapes', async () => {
      const el = await render('\\*not italic\\* and \\[not a link\\](https://example.org)');
      expect(el.querySelector('em')?.outerHTML ?? null).to.equal(null);
      expect(el.textContent).to.contain('*not italic* and [not a link](');
    });
  });

  describe('links', () => {
    it('renders [text](url) safely, showing the destination host', async () => {
      const el = await render('Log in at the [Portal](https://portal.example.org/login).');
      const [a, ...rest] = links(el);
      expect(rest).to.have.length(0);
      expect(a!.getAttribute('href')).to.equal('https://portal.example.org/login');
      expect(a!.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
      expect(a!.getAttribute('target')).to.equal('_blank');
      expect(a!.textContent).to.equal('Portal (portal.example.org)');
      expect(el.textContent!.trim()).to.equal('Log in at the Portal (portal.example.org).');
    });

    it('allows spaces around the target, and a link right after a stray bracket', async () => {
      const el = await render('[Portal](  https://portal.example.org/  ) and [[Leaflet](https://example.org/leaflet)');
      const [portal, leaflet] = links(el);
      expect(portal!.getAttribute('href')).to.equal('https://portal.example.org/');
      expect(leaflet!.textContent).to.equal('Leaflet (example.org)');
      expect(el.textContent!.trim()).to.equal('Portal (portal.example.org) and [Leaflet (example.org)');
    });

    it('does not repeat the host when the text already shows it', async () => {
      const same = await render('[https://portal.example.org/login](https://portal.example.org/login)');
      expect(links(same)[0]!.textContent).to.equal('https://portal.example.org/login');
      const host = await render('[portal.example.org](https://portal.example.org/x)');
      expect(links(host)[0]!.textContent).to.equal('portal.example.org');
    });

    it('exposes a link whose text pretends to be another address', async () => {
      const el = await render('[https://bank.example](https://evil.example/phish)');
      expect(links(el)[0]!.textContent).to.equal('https://bank.example (evil.example)');
    });

    it('shows punycode for look-alike hosts', async () => {
      const el = await render('see https://аpple.example/login');
      expect(links(el)[0]!.getAttribute('href')).to.equal('https://xn--pple-43d.example/login');
      expect(links(el)[0]!.textContent).to.equal('https://аpple.example/login (xn--pple-43d.example)');
    });

    it('allows mailto: and tel: links, showing the address or number', async () => {
      const el = await render('[Email us](mailto:care@hospital.example) or [call](tel:+62-21-555-0100) or [+62 21 555 0100](tel:+62215550100)');
      const [mail, call, number] = links(el);
      expect(mail!.getAttribute('href')).to.equal('mailto:care@hospital.example');
      expect(mail!.textContent).to.equal('Email us (care@hospital.example)');
      expect(call!.getAttribute('href')).to.equal('tel:+62-21-555-0100');
      expect(call!.textContent).to.equal('call (+62-21-555-0100)');
      expect(number!.textContent).to.equal('+62 21 555 0100');
    });

    it('lets the caller choose the destination label', async () => {
      const el = await render('[Portal](https://portal.example.org) and https://example.org', {
        linkLabel: (href) => `${new URL(href).hostname}, opens in a new tab`,
      });
      const [portal, bare] = links(el);
      expect(portal!.textContent).to.equal('Portal (portal.example.org, opens in a new tab)');
      expect(bare!.textContent).to.equal('https://example.org'); // its text shows the destination
      const none = await render('[Portal](https://portal.example.org)', { linkLabel: () => '' });
      expect(links(none)[0]!.textContent).to.equal('Portal');
    });

    it('renders emphasis inside link text, but no link inside a link', async () => {
      const el = await render('[**Book** https://other.example](https://book.example)');
      const all = links(el);
      expect(all).to.have.length(1);
      expect(all[0]!.querySelector('strong')!.textContent).to.equal('Book');
    });

    it('autolinks bare https:// and http:// URLs, leaving out trailing punctuation', async () => {
      const cases: [string, string][] = [
        ['Go to https://example.org.', 'https://example.org'],
        ['See https://example.org/a, then', 'https://example.org/a'],
        ['(details: https://example.org/info)', 'https://example.org/info'],
        ['Wiki https://en.example.org/wiki/Ache_(pain) here', 'https://en.example.org/wiki/Ache_(pain)'],
        ['Is it http://example.org/?q=1&x=2?', 'http://example.org/?q=1&x=2'],
        ['**https://example.org/bold**', 'https://example.org/bold'],
        ['ببینید https://example.org/fa، ممنون', 'https://example.org/fa'],
        ['HTTPS://EXAMPLE.ORG/Path!', 'HTTPS://EXAMPLE.ORG/Path'],
      ];
      for (const [text, url] of cases) {
        const el = await render(text);
        const all = links(el);
        expect(all, text).to.have.length(1);
        expect(all[0]!.textContent, text).to.equal(url);
        expect(all[0]!.getAttribute('href'), text).to.equal(new URL(url).href);
        expect(all[0]!.getAttribute('dir'), text).to.equal('ltr');
        expect(el.textContent!.replace(/\s+/g, ' ').trim(), text).to.equal(text.replace(/\*\*/g, ''));
      }
    });

    it('keeps underscores and stars inside URLs out of emphasis', async () => {
      const el = await render('_see https://example.org/a_b_c and_ *x*');
      expect(links(el)[0]!.getAttribute('href')).to.equal('https://example.org/a_b_c');
      expect(markup(el)).to.match(/^<p><em>see <a [^>]+>https:\/\/example\.org\/a_b_c<\/a> and<\/em> <em>x<\/em><\/p>$/);
    });

    it('does not autolink inside a word or a scheme without slashes', async () => {
      for (const text of ['xhttps://example.org', 'https:example.org', 'https://', 'ftp://example.org/file']) {
        expect(links(await render(text)), text).to.have.length(0);
      }
    });

    it('renders rejected links as the plain text of the original', async () => {
      const rejected = [
        '[x](javascript:alert(1))',
        '[x](JaVaScRiPt:alert(1))',
        '[x]( javascript:alert(1))',
        '[x](java\tscript:alert(1))',
        '[x](java&#x09;script:alert(1))',
        '[x](javascript&colon;alert(1))',
        '[x](&#106;avascript:alert(1))',
        '[x](%6Aavascript:alert(1))',
        '[x](\u0000javascript:alert(1))',
        '[x](data:text/html,<script>alert(1)</script>)',
        '[x](DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
        '[x](vbscript:msgbox(1))',
        '[x](file:///etc/passwd)',
        '[x](//evil.example)',
        '[x](/relative)',
        '[x](https://bank.example@evil.example)',
        '[x](https://exa\u202Emple.org)',
        '[x](https://example.org "title")',
      ];
      for (const text of rejected) {
        const el = await render(text);
        expect(links(el), text).to.have.length(0);
        expect(el.textContent!.trim(), text).to.equal(text.trim());
      }
    });

    it('safeHref allows only https, http, mailto and tel', () => {
      expect(ALLOWED_LINK_PROTOCOLS).to.deep.equal(['https:', 'http:', 'mailto:', 'tel:']);
      expect(safeHref('https://Example.ORG/a b')).to.equal(null);
      expect(safeHref(' https://Example.ORG/a ')).to.equal('https://example.org/a');
      expect(safeHref('mailto:a@b.example')).to.equal('mailto:a@b.example');
      expect(safeHref('tel:112')).to.equal('tel:112');
      expect(safeHref('javascript:alert(1)')).to.equal(null);
      expect(safeHref('jav\u200Bascript:alert(1)')).to.equal(null);
      expect(linkDestination('https://portal.example.org:8443/x')).to.equal('portal.example.org:8443');
    });
  });

  describe('safety', () => {
    let monitor: ExecutionMonitor | undefined;
    afterEach(() => monitor?.restore());

    it('renders markup as text', async () => {
      const el = await render('<script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(1)>');
      expect(el.querySelector('script, b, img')?.outerHTML ?? null).to.equal(null);
      expect(el.textContent!.trim()).to.equal('<script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(1)>');
    });

    it('executes nothing from the whole XSS corpus, alone and inside every construct, and links only allowed schemes', async () => {
      monitor = watchForExecution();
      const payloads = await xssPayloads();
      expect(payloads.length).to.be.greaterThan(200);
      const messages = payloads.flatMap((p) => [
        p,
        `**${p}**`,
        `*${p}* _${p}_`,
        `- ${p}\n1. ${p}`,
        `[${p}](https://example.org)`,
        `[x](${p})`,
        `https://example.org/${p}`,
        `before\n\n${p}\nafter`,
      ]);
      const el = await fixture<MarkdownMessages>(html`<markdown-test-messages .messages=${messages}></markdown-test-messages>`);
      const root = el.shadowRoot!;
      expect(root.querySelectorAll('.bubble')).to.have.length(messages.length);
      await monitor.assertNothingExecuted(el);
      const anchors = links(root);
      expect(anchors.length).to.be.greaterThan(payloads.length); // the https wrappers did link
      for (const a of anchors) {
        const href = a.getAttribute('href')!;
        expect(ALLOWED_LINK_PROTOCOLS, href).to.include(new URL(href).protocol);
        expect(a.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
      }
      // Nothing but the elements markdown makes.
      const tags = new Set([...root.querySelectorAll('*')].map((node) => node.localName));
      for (const tag of tags) expect(['div', 'p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'bdi'], tag).to.include(tag);
      // And our own classics show up as the text the patient typed.
      const text = root.textContent!;
      for (const payload of CARELINE_XSS_PAYLOADS.filter((p) => !/[*_\\[\]\n]/.test(p))) expect(text).to.contain(payload.trim());
    });

    it('is accessible', async () => {
      const el = await render('Hello **Sari**,\n\n- Drink *water*\n- Rest\n\n1. Call [the ward](tel:+62215550100)\n2. Read https://example.org/leaflet');
      await expectAccessible(el);
    });
  });

  describe('performance', () => {
    it('renders a 20 KB message quickly', async () => {
      const unit =
        'Please **take two tablets** after *breakfast* and _dinner_. See [the leaflet](https://example.org/leaflet) or https://example.org/faq.\n' +
        '- Drink water\n- Rest **well**\n1. Call us if the pain gets worse\n\n';
      const text = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
      expect(text.length).to.equal(20_000);
      const host = document.createElement('div');
      document.body.append(host);
      litRender(renderMarkdown('warm up **once**'), host);
      const start = performance.now();
      litRender(renderMarkdown(text), host);
      const elapsed = performance.now() - start;
      host.remove();
      console.info(`renderMarkdown: 20 KB in ${elapsed.toFixed(1)} ms`);
      expect(host.querySelectorAll('a').length).to.be.greaterThan(150);
      expect(elapsed).to.be.lessThan(200);
    });

    it('stays linear on pathological input (no backtracking blow-up)', async () => {
      // Compared with plain prose of the same length rendered just before, not with a clock
      // budget: a busy CI machine slows both alike, while catastrophic backtracking (which turns
      // 20,000 characters into seconds or minutes) still fails by orders of magnitude. The
      // factor is wide because '*a' × 10,000 already takes ~25–40× prose (many unmatched openers).
      const timed = async (text: string) => {
        const start = performance.now();
        const el = await render(text);
        return { elapsed: performance.now() - start, el };
      };
      for (const text of ['['.repeat(20_000), '*a'.repeat(10_000), '_'.repeat(20_000), '[a]('.repeat(5_000), 'https://'.repeat(2_500), '**a *b '.repeat(3_000)]) {
        const plain = await timed('word '.repeat(Math.ceil(text.length / 5)).slice(0, text.length));
        const { elapsed, el } = await timed(text);
        expect(elapsed, `${text.slice(0, 10)}: ${elapsed.toFixed(0)} ms vs ${plain.elapsed.toFixed(0)} ms for prose`).to.be.lessThan(Math.max(500, plain.elapsed * 100));
        expect(el.textContent!.length).to.be.greaterThan(0);
      }
    });
  });
});
