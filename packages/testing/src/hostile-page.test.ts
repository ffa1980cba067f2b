import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, css } from 'lit';
import { expectAccessible } from './a11y.js';
import { rejectionOf } from './fixtures.js';
import {
  HOSTILE_CUSTOM_PROPERTIES,
  HOSTILE_STYLES,
  expectUntouchedByHostileStyles,
  findHostileStyles,
  installHostilePage,
  type HostilePage,
} from './hostile-page.js';

/** Inherits whatever the page throws at it. */
class NaiveWidget extends LitElement {
  override render() {
    return html`<p>Talk to a health educator</p>`;
  }
}
customElements.define('hostile-test-naive', NaiveWidget);

/** Resets everything at its boundary; !important so it beats the page's !important. */
class DefendedWidget extends LitElement {
  static override styles = css`
    :host {
      all: initial !important;
      display: block !important;
      font: 16px/1.5 system-ui, sans-serif !important;
      color: #1a1a1a !important;
    }
  `;
  override render() {
    return html`<p>Talk to a health educator</p>`;
  }
}
customElements.define('hostile-test-defended', DefendedWidget);

const isHostile = (element: Element) => HOSTILE_STYLES.filter((check) => check.matches(getComputedStyle(element))).map((check) => check.property);
const enumerableArrayKeys = () => {
  const keys: string[] = [];
  for (const key in []) keys.push(key);
  return keys;
};

describe('installHostilePage', () => {
  let cleanup: HostilePage | undefined;
  afterEach(() => cleanup?.());

  it('applies every hostile style to plain light-DOM content, and removes them on cleanup', async () => {
    cleanup = installHostilePage();
    const div = await fixture(html`<div>Opening hours</div>`);
    expect(isHostile(div)).to.deep.equal(HOSTILE_STYLES.map((check) => check.property));
    expect(getComputedStyle(div).getPropertyValue('--primary-color').trim()).to.equal(HOSTILE_CUSTOM_PROPERTIES['--primary-color']);

    cleanup();
    expect(isHostile(div)).to.deep.equal([]);
    expect(getComputedStyle(div).getPropertyValue('--primary-color')).to.equal('');
    expect(document.querySelector('style[data-careline-hostile]')?.outerHTML ?? null).to.equal(null);
  });

  it('resets form controls and breaks the hidden attribute', async () => {
    cleanup = installHostilePage();
    const form = await fixture(html`<div><button>Send</button><p hidden>Secret</p></div>`);
    const button = form.querySelector('button')!;
    expect(getComputedStyle(button).cursor).to.equal('auto'); // `all: unset` dropped the UA button styles
    expect(getComputedStyle(form.querySelector('p')!).display).to.equal('block');
    cleanup();
    expect(getComputedStyle(form.querySelector('p')!).display).to.equal('none');
  });

  it('installs jQuery/AMD-era globals and enumerable Array.prototype extras, then restores', () => {
    const before = { define: 'define' in window, $: '$' in window };
    cleanup = installHostilePage();
    const pageWindow = window as unknown as Record<string, unknown> & { define: ((...args: unknown[]) => void) & { amd: object } };
    expect(typeof pageWindow['$']).to.equal('function');
    expect(pageWindow.define.amd).to.be.an('object');
    pageWindow.define('some-umd-bundle', [], () => ({}));
    expect(cleanup.amdDefineCalls).to.have.length(1);
    expect(enumerableArrayKeys()).to.include.members(['each', 'remove']);

    cleanup();
    expect({ define: 'define' in window, $: '$' in window }).to.deep.equal(before);
    expect(enumerableArrayKeys()).to.deep.equal([]);
    cleanup(); // a second call is harmless
  });

  it('can make the page right-to-left', async () => {
    cleanup = installHostilePage({ rtl: true });
    const div = await fixture(html`<div>Text</div>`);
    expect(getComputedStyle(div).direction).to.equal('rtl');
    cleanup();
    expect(getComputedStyle(div).direction).to.equal('ltr');
  });
});

describe('findHostileStyles', () => {
  let cleanup: HostilePage | undefined;
  afterEach(() => cleanup?.());

  it('reports hostile styles that leak into a naive widget', async () => {
    cleanup = installHostilePage();
    const widget = await fixture(html`<hostile-test-naive></hostile-test-naive>`);
    const leakedIntoShadow = findHostileStyles(widget).filter((finding) => finding.element.localName === 'p');
    expect(leakedIntoShadow.map((finding) => finding.property)).to.include.members(['font-family', 'color', 'visibility']);
    const error = await rejectionOf(Promise.resolve().then(() => expectUntouchedByHostileStyles(widget)));
    expect((error as Error).message).to.contain('<p> font-family');
  });

  it('finds nothing in a widget that resets its styles at the boundary', async () => {
    cleanup = installHostilePage();
    const widget = await fixture(html`<hostile-test-defended></hostile-test-defended>`);
    expectUntouchedByHostileStyles(widget);
  });

  it('lets axe load and run under the hostile AMD loader', async () => {
    // axe's UMD wrapper registers with any AMD define it finds; it must still set window.axe.
    cleanup = installHostilePage();
    const widget = await fixture(html`<hostile-test-defended></hostile-test-defended>`);
    await expectAccessible(widget);
    expect(cleanup.amdDefineCalls.map((args) => args[0])).to.include('axe-core');
  });
});
