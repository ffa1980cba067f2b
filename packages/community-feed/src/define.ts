/**
 * Registers <care-community-feed>. Guarded: two copies on a page never crash. `<care-provider>` is not
 * included: it comes with an adapter's define.js (for markup configuration) or core's define.js, so
 * a page configured with configure() never downloads it.
 */
import { CommunityFeed } from './community-feed/community-feed.js';

if (!customElements.get('care-community-feed')) customElements.define('care-community-feed', CommunityFeed);

declare global {
  interface HTMLElementTagNameMap {
    'care-community-feed': CommunityFeed;
  }
}
