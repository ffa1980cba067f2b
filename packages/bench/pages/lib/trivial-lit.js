/** The floor: a Lit element rendering a heading and a paragraph, nothing else. */
import { LitElement, html, css } from 'lit';

export class TrivialLit extends LitElement {
  static styles = css`:host { display: block; }`;
  render() {
    return html`<h2>Hello from Lit</h2><p>The smallest useful Lit element: a heading and a paragraph.</p>`;
  }
}
if (!customElements.get('trivial-lit')) customElements.define('trivial-lit', TrivialLit);
