// A widget upgraded before the <care-provider> around it is defined (scripts loaded in either
// order, or by the loader as tags appear). Its own page: care-provider must not be defined yet.
import { expect } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import { waitFor } from '@careline/testing';
import type { CareAdapter } from '../adapter.js';
import { CareElement } from './care-element.js';

class LaterPanel extends CareElement {
  protected override renderReady(): TemplateResult {
    return html`<p>configured by ${this.care.config?.adapter.name}</p>`;
  }
}
customElements.define('later-panel', LaterPanel);

describe('a widget whose provider is defined after it', () => {
  it('waits, then takes the provider\'s configuration once it is defined', async () => {
    expect(customElements.get('care-provider'), 'not defined yet').to.equal(undefined);
    const provider = document.createElement('care-provider');
    const panel = document.createElement('later-panel') as LaterPanel;
    provider.append(panel);
    document.body.append(provider);
    await panel.updateComplete;
    expect(panel.care.state.status, 'waiting for its provider').to.equal('pending');
    const { CareProvider } = await import('../provider/provider.js');
    (provider as unknown as { adapterInstance: CareAdapter }).adapterInstance = { name: 'from-the-provider' };
    customElements.define('care-provider', CareProvider);
    await waitFor(() => panel.shadowRoot?.textContent?.includes('configured by from-the-provider'), { message: 'configured once the provider is defined' });
    provider.remove();
  });
});
