import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml, type TemplateResult } from 'lit';
import { expectAccessible, watchForExecution, xssPayloads, waitFor, type ExecutionMonitor } from '@careline/testing';
import '../define.js';
import type { CareAdapter } from '../adapter.js';
import { registerAdapterFactory, type CareConfig } from '../config/config.js';
import { CareElement } from '../element/care-element.js';
import { emptyTemplate } from '../element/states.js';
import type { CareProvider } from './provider.js';

class ProbeWidget extends CareElement {
  protected override renderReady(config: CareConfig): TemplateResult {
    return litHtml`<p>Adapter: ${config.adapter.name}</p>${emptyTemplate(this.t)}`;
  }
}
customElements.define('probe-widget', ProbeWidget);

const made: Array<Record<string, string>> = [];
registerAdapterFactory('probe', (options) => {
  made.push(options);
  return { name: `probe ${options['endpoint'] ?? ''}`.trim(), dispose: () => made.push({ disposed: options['endpoint'] ?? '' }) };
});

const text = (element: Element) => element.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();

describe('<care-provider>', () => {
  it('builds its adapter from attributes and passes every other attribute to the factory', async () => {
    const provider = await fixture<CareProvider>(html`<care-provider adapter="probe" endpoint="/api/x" client-id="web"><probe-widget></probe-widget></care-provider>`);
    const widget = provider.querySelector('probe-widget')!;
    await waitFor(() => text(widget).includes('Adapter: probe /api/x'), { message: 'widget configured' });
    expect(made.at(-1)).to.deep.equal({ endpoint: '/api/x', 'client-id': 'web' });
    await expectAccessible(widget);
  });

  it('rebuilds the adapter when an attribute changes, and disposes the old one', async () => {
    const provider = await fixture<CareProvider>(html`<care-provider adapter="probe" endpoint="/one"><probe-widget></probe-widget></care-provider>`);
    const widget = provider.querySelector('probe-widget')!;
    await waitFor(() => text(widget).includes('probe /one'), { message: 'first adapter' });
    provider.setAttribute('endpoint', '/two');
    await waitFor(() => text(widget).includes('probe /two'), { message: 'rebuilt adapter' });
    expect(made).to.deep.include({ disposed: '/one' });
  });

  it('keeps its adapter when the page changes a global attribute (class, title, data-*, aria-*)', async () => {
    const provider = await fixture<CareProvider>(html`<care-provider adapter="probe" endpoint="/steady"><probe-widget></probe-widget></care-provider>`);
    const widget = provider.querySelector('probe-widget')!;
    await waitFor(() => text(widget).includes('probe /steady'), { message: 'adapter built' });
    const builds = made.filter((options) => options['endpoint'] === '/steady').length;
    provider.classList.add('cms-enhanced');
    provider.setAttribute('title', 'Careline');
    provider.setAttribute('data-block', '7');
    provider.setAttribute('aria-busy', 'false');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(made.filter((options) => options['endpoint'] === '/steady').length, 'not rebuilt').to.equal(builds);
    expect(made, 'the old adapter was not disposed').to.not.deep.include({ disposed: '/steady' });
    expect(made.at(-1), 'no global attribute reaches the factory').to.deep.equal({ endpoint: '/steady' });
  });

  it('says which attribute was meant when scope is not page or subtree (SMART scopes go in smart-scope)', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      const provider = await fixture<CareProvider>(html`<care-provider adapter="probe" endpoint="/scoped" scope="patient/*.read openid"><probe-widget></probe-widget></care-provider>`);
      await waitFor(() => text(provider.querySelector('probe-widget')!).includes('probe /scoped'), { message: 'still configures its subtree' });
    } finally {
      console.error = original;
    }
    expect(errors.some((message) => message.includes('smart-scope'))).to.equal(true);
  });

  it('prefers an adapter object set from JavaScript, and applies locale, translations and scheme', async () => {
    const provider = await fixture<CareProvider>(html`<care-provider locale="ms" scheme="dark"><probe-widget></probe-widget></care-provider>`);
    provider.adapterInstance = { name: 'from-js' } satisfies CareAdapter;
    provider.translations = { ms: { 'core.empty': 'Kosong buat masa ini.' } };
    const widget = provider.querySelector('probe-widget')!;
    await waitFor(() => text(widget).includes('Adapter: from-js') && text(widget).includes('Kosong buat masa ini.'), { message: 'configured from JS' });
    expect(widget.shadowRoot!.querySelector('.care-root')!.getAttribute('data-scheme')).to.equal('dark');
    expect(widget.shadowRoot!.querySelector('.care-root')!.getAttribute('lang')).to.equal('ms');
  });

  it('lets the nearest provider win when providers are nested', async () => {
    const outer = await fixture<CareProvider>(html`<care-provider adapter="probe" endpoint="/outer">
      <probe-widget id="a"></probe-widget>
      <care-provider adapter="probe" endpoint="/inner"><probe-widget id="b"></probe-widget></care-provider>
    </care-provider>`);
    await waitFor(() => text(outer.querySelector('#a')!).includes('/outer') && text(outer.querySelector('#b')!).includes('/inner'), {
      message: 'nearest provider wins',
    });
  });
});

describe('hostile strings in configuration are shown as text, never run', function () {
  this.timeout(60_000);
  let monitor: ExecutionMonitor;
  beforeEach(() => (monitor = watchForExecution()));
  afterEach(() => monitor.restore());

  it('in translation overrides and adapter names', async () => {
    const payloads = await xssPayloads();
    expect(payloads.length).to.be.greaterThan(50);
    const container = await fixture<HTMLElement>(html`<div></div>`);
    for (const payload of payloads) {
      const provider = document.createElement('care-provider') as CareProvider;
      provider.adapterInstance = { name: payload };
      provider.translations = { en: { 'core.empty': payload } };
      provider.append(document.createElement('probe-widget'));
      container.append(provider);
    }
    const widgets = [...container.querySelectorAll('probe-widget')];
    await waitFor(() => widgets.every((widget) => widget.shadowRoot?.querySelector('[data-state="empty"]')), { message: 'all rendered' });
    widgets.forEach((widget, index) => {
      expect(widget.shadowRoot!.querySelector('[data-state="empty"] p')!.textContent).to.equal(payloads[index]);
    });
    await monitor.assertNothingExecuted(container);
  });

  it('in provider attributes that end up in the configuration-problem message', async () => {
    const payloads = (await xssPayloads()).slice(0, 40);
    const container = await fixture<HTMLElement>(html`<div></div>`);
    for (const payload of payloads) {
      const provider = document.createElement('care-provider');
      provider.setAttribute('adapter', payload.trim() || 'x');
      provider.append(document.createElement('probe-widget'));
      container.append(provider);
    }
    const widgets = [...container.querySelectorAll('probe-widget')];
    await waitFor(() => widgets.every((widget) => widget.shadowRoot?.querySelector('[data-state="config"]')), { message: 'problems shown', timeout: 5000 });
    await monitor.assertNothingExecuted(container);
  });
});
