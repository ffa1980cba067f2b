/** Registers <care-community-feed> (and core's <care-provider>). Guarded: two copies on a page never crash. */
import '@careline/core/define.js';
import { CommunityFeed } from './community-feed/community-feed.js';

if (!customElements.get('care-community-feed')) customElements.define('care-community-feed', CommunityFeed);

declare global {
  interface HTMLElementTagNameMap {
    'care-community-feed': CommunityFeed;
  }
}
