/**
 * Registers core's elements. Guarded, so two copies of Careline on one page
 * (a CMS plugin and a theme, say) never throw "already defined".
 */
import { CareProvider } from './provider/provider.js';

export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}

defineElement('care-provider', CareProvider);

declare global {
  interface HTMLElementTagNameMap {
    'care-provider': CareProvider;
  }
}
