import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { expectAccessible, installHostilePage, expectUntouchedByHostileStyles, waitFor } from '@careline/testing';
import type { CareAdapter } from '../adapter.js';
import { configure, type CareConfig } from '../config/config.js';
import { CareElement } from './care-element.js';
import { OutboxController } from './outbox-controller.js';
import { DraftController } from './draft-controller.js';
import { sharedDrafts } from '../outbox/services.js';
import { registerMessageLoader } from '../i18n/i18n.js';
import { announceWipe } from '../storage/wipe-notices.js';
import '../define.js';
import type { CareProvider } from '../provider/provider.js';
import { emptyTemplate, errorTemplate, loadingTemplate, memoryOnlyTemplate, offlineTemplate } from './states.js';

type Mode = 'ready' | 'loading' | 'empty' | 'error' | 'offline' | 'memory' | 'throw';

class TestPanel extends CareElement {
  @property() mode: Mode = 'ready';
  retried = 0;
  forgotten = 0;
  protected override forgetPersonalData(): void {
    this.forgotten++;
  }
  get actsAsSignedOut(): boolean {
    return this.signedOutHere;
  }
  readonly outboxStatus = new OutboxController(this, () => this.care.config);
  readonly draft = new DraftController(this, { key: () => 'panel:note', drafts: () => (this.care.config ? sharedDrafts(this.care.config) : undefined), debounceMs: 10 });

  protected override renderReady(_config: CareConfig): TemplateResult {
    switch (this.mode) {
      case 'throw':
        throw new Error('bug in a widget');
      case 'loading':
        return loadingTemplate(this.t);
      case 'empty':
        return emptyTemplate(this.t);
      case 'error':
        return errorTemplate(this.t, () => this.retried++);
      case 'offline':
        return offlineTemplate(this.t);
      case 'memory':
        return this.outboxStatus.memoryOnly ? memoryOnlyTemplate(this.t) : html`<p>durable</p>`;
      default:
        return html`<label for="note">Note</label>
          <input id="note" .value=${this.draft.value} @input=${(e: Event) => this.draft.update((e.target as HTMLInputElement).value)} />
          <button class="care-button" type="button">Send</button>`;
    }
  }
}
customElements.define('test-panel', TestPanel);

/** As in a browser without constructable stylesheets: no adoptedStyleSheets, Lit's styles as <style> elements. */
class OldSafariPanel extends TestPanel {
  protected override createRenderRoot(): ShadowRoot {
    const root = this.attachShadow({ mode: 'open' });
    Object.defineProperty(root, 'adoptedStyleSheets', { get: () => undefined, set: () => undefined });
    for (const style of OldSafariPanel.elementStyles) {
      const element = document.createElement('style');
      element.textContent = (style as { cssText: string }).cssText;
      root.append(element);
    }
    return root;
  }
}
customElements.define('test-panel-old-safari', OldSafariPanel);

const adapter: CareAdapter = { name: 'panel-test' };
const namespace = `element-test-${Date.now().toString(36)}`;
let undo: () => void = () => undefined;
beforeEach(() => {
  undo = configure({ adapter, namespace });
});
afterEach(() => undo());

const shadowText = (element: Element) => element.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();

describe('CareElement states', () => {
  for (const [mode, expected, role] of [
    ['empty', 'Nothing here yet.', null],
    ['error', 'Something went wrong here.', 'alert'],
    ['offline', 'You are offline.', 'status'],
  ] as const) {
    it(`renders the ${mode} state accessibly`, async () => {
      const panel = await fixture<TestPanel>(testHtml`<test-panel mode=${mode}></test-panel>`);
      await panel.updateComplete;
      expect(shadowText(panel)).to.contain(expected);
      const state = panel.shadowRoot!.querySelector(`[data-state="${mode}"]`);
      expect(state, `${mode} panel`).to.exist;
      expect(state!.getAttribute('role')).to.equal(role);
      await expectAccessible(panel);
    });
  }

  it('renders the loading state accessibly, announced politely', async () => {
    const panel = await fixture<TestPanel>(testHtml`<test-panel mode="loading"></test-panel>`);
    const state = panel.shadowRoot!.querySelector('[data-state="loading"]');
    expect(state?.getAttribute('aria-live')).to.equal('polite');
    expect(shadowText(panel)).to.equal('Loading…');
    await expectAccessible(panel);
  });

  it('renders the configuration problem accessibly when nothing configures it', async () => {
    undo();
    const panel = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    await waitFor(() => panel.shadowRoot!.querySelector('[data-state="config"][role="alert"]'), { message: 'missing-configuration message' });
    expect(shadowText(panel)).to.contain('This service is not available on this page yet.');
    await expectAccessible(panel);
  });

  it('offers "Try again" in the error state', async () => {
    const panel = await fixture<TestPanel>(testHtml`<test-panel mode="error"></test-panel>`);
    panel.shadowRoot!.querySelector('button')!.click();
    expect(panel.retried).to.equal(1);
  });

  it('tells the user when unsent text will not survive a reload', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    undo();
    undo = configure({ adapter, namespace: `${namespace}-memory` });
    try {
      const panel = await fixture<TestPanel>(testHtml`<test-panel mode="memory"></test-panel>`);
      // Storage that cannot be read counts as holding unsent writes: the outbox loads and says so.
      await waitFor(() => panel.outboxStatus.outbox !== undefined, { message: 'outbox loaded' });
      await panel.outboxStatus.outbox!.ready;
      await waitFor(() => shadowText(panel).includes('not letting us save your text'), { message: 'memory-only notice' });
      await expectAccessible(panel);
    } finally {
      if (descriptor) Object.defineProperty(window, 'indexedDB', descriptor);
      else delete (window as { indexedDB?: unknown }).indexedDB;
    }
  });
});

describe('CareElement resilience', () => {
  it('contains a rendering bug: shows the error state, logs it, and the page keeps working', async () => {
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    let uncaught = 0;
    const onError = () => uncaught++;
    window.addEventListener('error', onError);
    try {
      const panel = await fixture<TestPanel>(testHtml`<test-panel mode="throw"></test-panel>`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(shadowText(panel)).to.contain('Something went wrong here.');
      expect(errors.length).to.equal(1);
      expect(uncaught).to.equal(0);
      panel.mode = 'ready';
      panel.shadowRoot!.querySelector<HTMLButtonElement>('[data-state="error"] button')!.click();
      await waitFor(() => panel.shadowRoot!.querySelector('input'), { message: `recovered after Try again: ${shadowText(panel)} ${String(errors.map(String))}` });
    } finally {
      console.error = originalError;
      window.removeEventListener('error', onError);
    }
  });

  it('cannot be hidden or restyled by a hostile host page', async () => {
    const cleanup = installHostilePage();
    const hideRule = document.createElement('style');
    hideRule.textContent = 'test-panel { display: none !important; visibility: hidden !important; opacity: 0 !important; }';
    document.head.append(hideRule);
    try {
      const panel = await fixture<HTMLElement>(testHtml`<div><test-panel></test-panel></div>`).then((div) => div.querySelector<TestPanel>('test-panel')!);
      await panel.updateComplete;
      const hostStyle = getComputedStyle(panel);
      expect(hostStyle.display).to.equal('block');
      expect(hostStyle.visibility).to.equal('visible');
      expect(hostStyle.opacity).to.equal('1');
      expectUntouchedByHostileStyles(panel);
      const input = panel.shadowRoot!.querySelector('input')!;
      expect(getComputedStyle(input).fontSize, '16px inputs: no zoom on iOS').to.equal('16px');
    } finally {
      cleanup();
      hideRule.remove();
    }
  });

  it('can still be hidden on purpose with the hidden attribute', async () => {
    const panel = await fixture<TestPanel>(testHtml`<test-panel hidden></test-panel>`);
    expect(getComputedStyle(panel).display).to.equal('none');
  });

  it('does not leak its styles into the page', async () => {
    const wrapper = await fixture(testHtml`<div><test-panel></test-panel><button class="care-button">page button</button></div>`);
    const pageButton = wrapper.querySelector('button')!;
    const widgetButton = wrapper.querySelector('test-panel')!.shadowRoot!.querySelector('button')!;
    expect(getComputedStyle(widgetButton).minHeight).to.equal('44px');
    expect(getComputedStyle(pageButton).minHeight).not.to.equal('44px');
  });
});

describe('CareElement after a wipe (sign-out)', () => {
  it('asks every widget on the page to forget, and not one that has left it', async () => {
    const here = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    const gone = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    gone.remove();
    announceWipe();
    expect(here.forgotten).to.equal(1);
    expect(gone.forgotten).to.equal(0);
    // Put back, it listens again.
    document.body.append(gone);
    announceWipe();
    expect([here.forgotten, gone.forgotten]).to.deep.equal([2, 1]);
    gone.remove();
  });

  it('acts for a visitor until Careline is configured again, not when only the language or theme changes', async () => {
    const provider = await fixture<CareProvider>(testHtml`<care-provider locale="en" .adapterInstance=${adapter}><test-panel></test-panel></care-provider>`);
    const panel = provider.querySelector<TestPanel>('test-panel')!;
    await waitFor(() => panel.care.config?.adapter === adapter, { message: 'configured by the provider' });
    announceWipe();
    await panel.updateComplete;
    expect(panel.actsAsSignedOut, 'signed out here').to.equal(true);
    // A language switcher or a theme change after the sign-out: still the same configuration.
    provider.locale = 'id';
    await waitFor(() => panel.care.locale === 'id', { message: 'switched to Indonesian' });
    provider.scheme = 'dark';
    await waitFor(() => panel.care.config?.theme?.scheme === 'dark', { message: 'dark scheme' });
    await panel.updateComplete;
    expect(panel.actsAsSignedOut, 'still signed out after a change of language and theme').to.equal(true);
    // Another adapter (signed in again, say) is a new configuration.
    provider.adapterInstance = { name: 'signed-in-again' };
    await waitFor(() => panel.care.config?.adapter.name === 'signed-in-again', { message: 'new adapter' });
    await panel.updateComplete;
    expect(panel.actsAsSignedOut, 'a new configuration ends it').to.equal(false);
  });

  it('ends with configure() by the host, even with the same adapter or the same object', async () => {
    const panel = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    announceWipe();
    await panel.updateComplete;
    expect(panel.actsAsSignedOut).to.equal(true);
    undo();
    const config = { adapter, namespace };
    undo = configure(config);
    await waitFor(() => !panel.actsAsSignedOut, { message: 'configured again' });
    announceWipe();
    await panel.updateComplete;
    expect(panel.actsAsSignedOut).to.equal(true);
    undo();
    undo = configure(config);
    await waitFor(() => !panel.actsAsSignedOut, { message: 'configured again with the same object' });
  });

  it('holds when a page-wide provider changes its language, as the page default', async () => {
    undo();
    undo = () => undefined;
    const provider = await fixture<CareProvider>(testHtml`<care-provider scope="page" locale="en" .adapterInstance=${adapter}></care-provider>`);
    const panel = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    try {
      await waitFor(() => panel.care.config?.adapter === adapter, { message: 'configured by the page-wide provider' });
      announceWipe();
      await panel.updateComplete;
      provider.locale = 'ms';
      await waitFor(() => panel.care.locale === 'ms', { message: 'switched to Malay' });
      await panel.updateComplete;
      expect(panel.actsAsSignedOut, 'still signed out').to.equal(true);
    } finally {
      provider.remove();
    }
  });
});

describe('CareElement theming and language', () => {
  it('applies configured tokens, and page CSS still wins over them', async () => {
    undo();
    undo = configure({ adapter, namespace, theme: { tokens: { '--care-color-primary': 'rgb(122, 0, 25)' } } });
    const panel = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    await panel.updateComplete;
    const button = () => panel.shadowRoot!.querySelector('button')!;
    expect(getComputedStyle(button()).backgroundColor).to.equal('rgb(122, 0, 25)');
    panel.style.setProperty('--care-color-primary', 'rgb(0, 94, 184)');
    expect(getComputedStyle(button()).backgroundColor).to.equal('rgb(0, 94, 184)');
  });

  it('applies configured tokens where stylesheets cannot be adopted (Safari before 16.4), and follows a new theme', async () => {
    undo();
    undo = configure({ adapter, namespace, theme: { tokens: { '--care-color-primary': 'rgb(122, 0, 25)' } } });
    const panel = await fixture<OldSafariPanel>(testHtml`<test-panel-old-safari></test-panel-old-safari>`);
    await panel.updateComplete;
    const button = () => panel.shadowRoot!.querySelector('button');
    expect(button(), 'the widget drew').to.not.equal(null);
    expect(getComputedStyle(button()!).backgroundColor).to.equal('rgb(122, 0, 25)');
    panel.style.setProperty('--care-color-primary', 'rgb(0, 94, 184)');
    expect(getComputedStyle(button()!).backgroundColor, 'page CSS wins').to.equal('rgb(0, 94, 184)');
    panel.style.removeProperty('--care-color-primary');
    undo();
    undo = configure({ adapter, namespace, theme: { tokens: { '--care-color-primary': 'rgb(0, 100, 0)' } } });
    await waitFor(() => getComputedStyle(button()!).backgroundColor === 'rgb(0, 100, 0)', { message: 'the new theme' });
    expect(panel.shadowRoot!.querySelectorAll('style').length, 'the old theme\'s tokens removed').to.equal((OldSafariPanel.elementStyles as unknown[]).length + 1);
  });

  it('renders the dark scheme when configured', async () => {
    undo();
    undo = configure({ adapter, namespace, theme: { scheme: 'dark' } });
    const panel = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    await panel.updateComplete;
    const root = panel.shadowRoot!.querySelector('.care-root')!;
    expect(root.getAttribute('data-scheme')).to.equal('dark');
    expect(getComputedStyle(root).backgroundColor).to.equal('rgb(21, 32, 43)');
    await expectAccessible(panel);
  });

  it('follows the closest [lang] and switches language and direction at run time', async () => {
    const section = await fixture<HTMLElement>(testHtml`<section lang="id"><test-panel mode="empty"></test-panel></section>`);
    const panel = section.querySelector<TestPanel>('test-panel')!;
    await panel.updateComplete;
    expect(shadowText(panel)).to.equal('Belum ada apa pun di sini.');
    section.lang = 'fa';
    await waitFor(() => shadowText(panel) === 'هنوز چیزی اینجا نیست.', { message: 'switched to Persian' });
    const root = panel.shadowRoot!.querySelector('.care-root')!;
    expect(root.getAttribute('dir')).to.equal('rtl');
    expect(root.getAttribute('lang')).to.equal('fa');
    panel.setAttribute('lang', 'ms');
    await waitFor(() => shadowText(panel) === 'Belum ada apa-apa di sini.', { message: 'own lang wins' });
  });

  it('follows a [lang] changed between connecting and the first render (the page\'s lang observer starts after it)', async () => {
    const section = document.createElement('section');
    section.lang = 'id';
    section.append(document.createElement('test-panel'));
    document.body.append(section);
    try {
      const panel = section.querySelector<TestPanel>('test-panel')!;
      panel.setAttribute('mode', 'empty');
      section.lang = 'fa';
      await waitFor(() => shadowText(panel) === 'هنوز چیزی اینجا نیست.', { message: 'the language set before the first render' });
      section.lang = 'ms';
      await waitFor(() => shadowText(panel) === 'Belum ada apa-apa di sini.', { message: 'and a change after it' });
    } finally {
      section.remove();
    }
  });
});

describe('DraftController', () => {
  it('restores unsent text after the widget is recreated (a reload)', async () => {
    const first = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    await first.updateComplete;
    const input = first.shadowRoot!.querySelector('input')!;
    input.value = 'When should I take metformin?';
    input.dispatchEvent(new Event('input'));
    await first.draft.saveNow();
    first.remove();
    const second = await fixture<TestPanel>(testHtml`<test-panel></test-panel>`);
    await waitFor(() => second.shadowRoot!.querySelector('input')?.value === 'When should I take metformin?', { message: 'draft restored' });
    expect(second.draft.restored).to.equal(true);
    await sharedDrafts({ namespace }).clear('panel:note');
  });
});

describe('CareElement languages loaded on demand', () => {
  it('renders first in the page\'s language, never English while that language\'s table loads', async () => {
    let finish: (table: object) => void = () => undefined;
    registerMessageLoader('sw', () => new Promise((resolve) => (finish = resolve)));
    const container = document.createElement('div');
    container.lang = 'sw';
    document.body.append(container);
    try {
      const panel = document.createElement('test-panel') as TestPanel;
      panel.mode = 'empty';
      container.append(panel);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(shadowText(panel), 'nothing rendered yet').to.equal('');
      finish({ 'core.empty': 'Hakuna kitu bado.' });
      await waitFor(() => shadowText(panel) === 'Hakuna kitu bado.', { message: 'Swahili' });
      expect(panel.shadowRoot!.querySelector('[part="base"]')!.getAttribute('lang')).to.equal('sw');
    } finally {
      container.remove();
    }
  });

  it('makes every widget on the page wait for a load another widget started, so none shows English first', async () => {
    let finish: (table: object) => void = () => undefined;
    registerMessageLoader('ha', () => new Promise((resolve) => (finish = resolve)));
    const container = document.createElement('div');
    container.lang = 'ha';
    document.body.append(container);
    try {
      const first = document.createElement('test-panel') as TestPanel;
      first.mode = 'empty';
      container.append(first);
      await new Promise((resolve) => setTimeout(resolve, 10));
      // Connected while the first one's load is under way.
      const second = document.createElement('test-panel') as TestPanel;
      second.mode = 'empty';
      container.append(second);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(shadowText(second), 'the second waits too').to.equal('');
      finish({ 'core.empty': 'Babu komai tukuna.' });
      await waitFor(() => shadowText(first) === 'Babu komai tukuna.' && shadowText(second) === 'Babu komai tukuna.', { message: 'both in Hausa' });
    } finally {
      container.remove();
    }
  });
});
