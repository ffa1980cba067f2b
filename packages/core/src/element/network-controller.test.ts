import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { waitFor } from '@careline/testing';
import { NetworkController } from './network-controller.js';

class NetworkProbe extends LitElement {
  readonly network = new NetworkController(this);
  override render() {
    return html`<p>${this.network.online ? 'online' : 'offline'}</p>`;
  }
}
customElements.define('network-probe', NetworkProbe);

/** navigator.onLine as the test says, until `restore()`. */
function pretendOnline(value: boolean): { restore: () => void } {
  const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
  Object.defineProperty(navigator, 'onLine', { get: () => value, configurable: true });
  return { restore: () => Object.defineProperty(navigator, 'onLine', descriptor) };
}

describe('NetworkController', () => {
  it('follows online and offline events, re-rendering its host', async () => {
    const probe = await fixture<NetworkProbe>(html`<network-probe></network-probe>`);
    await new Promise((resolve) => setTimeout(resolve, 10)); // listening from the task after the first render
    const offline = pretendOnline(false);
    try {
      window.dispatchEvent(new Event('offline'));
      await waitFor(() => probe.shadowRoot!.textContent!.includes('offline'), { message: 'offline shown' });
    } finally {
      offline.restore();
    }
    window.dispatchEvent(new Event('online'));
    await waitFor(() => probe.shadowRoot!.textContent!.includes('online') && probe.network.online, { message: 'online again' });
  });

  it('catches going offline before it listens (in the moments of its first render)', async () => {
    const probe = document.createElement('network-probe') as NetworkProbe;
    document.body.append(probe);
    const offline = pretendOnline(false);
    try {
      window.dispatchEvent(new Event('offline')); // before its listeners are added
      await waitFor(() => probe.network.online === false && probe.shadowRoot!.textContent!.includes('offline'), { message: 'offline caught' });
    } finally {
      offline.restore();
      probe.remove();
    }
  });

  it('adds no listener for a host that left before its first render was over', async () => {
    const added: string[] = [];
    const add = window.addEventListener;
    window.addEventListener = function (this: Window, type: string, ...rest: unknown[]) {
      added.push(type);
      return (add as (...args: unknown[]) => void).call(this, type, ...rest);
    } as typeof window.addEventListener;
    try {
      const probe = document.createElement('network-probe') as NetworkProbe;
      document.body.append(probe);
      probe.remove();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(added.filter((type) => type === 'online' || type === 'offline')).to.deep.equal([]);
    } finally {
      window.addEventListener = add;
    }
  });
});
