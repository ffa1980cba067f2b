/**
 * The emergency phrase lists are fetched when a widget is first used or text needs checking,
 * not with every page. Its own page: nothing here loads the lists up front.
 */
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { waitFor } from '@careline/testing';
import { EmergencyCheckController } from './emergency-check-controller.js';

class CheckedField extends LitElement {
  text = '';
  readonly emergency = new EmergencyCheckController(this);
  protected override render() {
    const match = this.emergency.check(this.text, 'en');
    return html`<label for="text">Text</label><input id="text" /><p>${match === undefined ? 'checking' : match.matched ? 'emergency' : 'fine'}</p>`;
  }
}
customElements.define('emergency-lazy-field', CheckedField);

const listsFetched = () => performance.getEntriesByType('resource').some((entry) => /\/safety\/emergency\.[jt]s/.test(entry.name));
const shown = (element: CheckedField) => element.shadowRoot!.querySelector('p')!.textContent;

describe('EmergencyCheckController: the phrase lists load on first use', () => {
  it('blank text needs no lists; text is checked once they arrive, and the widget re-renders with the answer', async () => {
    const element = document.createElement('emergency-lazy-field') as CheckedField;
    document.body.append(element);
    try {
      await element.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(shown(element)).to.equal('fine');
      expect(listsFetched(), 'lists fetched for blank text').to.equal(false);

      element.text = 'I have crushing chest pain';
      element.requestUpdate();
      await element.updateComplete;
      expect(shown(element)).to.equal('checking');
      await waitFor(() => shown(element) === 'emergency', { message: 'checked after loading' });

      const results: boolean[] = [];
      element.emergency.run('my knee hurts a bit', 'en', undefined, (match) => results.push(match.matched));
      expect(results, 'once loaded, run() answers at once').to.deep.equal([false]);
    } finally {
      element.remove();
    }
  });
});
