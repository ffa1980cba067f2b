/** Registers <care-educator-chat> (and core's <care-provider>). Guarded: two copies on a page never crash. */
import '@careline/core/define.js';
import { EducatorChat } from './educator-chat/educator-chat.js';

if (!customElements.get('care-educator-chat')) customElements.define('care-educator-chat', EducatorChat);

declare global {
  interface HTMLElementTagNameMap {
    'care-educator-chat': EducatorChat;
  }
}
