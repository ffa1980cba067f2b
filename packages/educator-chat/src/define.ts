/**
 * Registers <care-educator-chat>. Guarded: two copies on a page never crash. `<care-provider>` is not
 * included: it comes with an adapter's define.js (for markup configuration) or core's define.js, so
 * a page configured with configure() never downloads it.
 */
import { EducatorChat, preloadChat } from './educator-chat/educator-chat.js';

if (!customElements.get('care-educator-chat')) customElements.define('care-educator-chat', EducatorChat);
// An inline chat in the page's markup needs the chat itself at once: start fetching it now,
// beside the page's other scripts, rather than when the element first renders.
if (document.querySelector('care-educator-chat[mode="inline"]')) preloadChat();

declare global {
  interface HTMLElementTagNameMap {
    'care-educator-chat': EducatorChat;
  }
}
