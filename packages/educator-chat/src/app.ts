/**
 * Registers the chat itself (`<care-educator-chat-app>`, drawn inside `<care-educator-chat>`)
 * up front. `<care-educator-chat>` loads it on demand, when the chat is first needed; a page
 * that shows the chat inline needs it at once, and loads this beside `define.js` so the chat
 * starts without waiting for a second download. Guarded: two copies on a page never crash.
 */
import { EducatorChatApp, registerChatAppMessages } from './educator-chat-app/educator-chat-app.js';
import { CHAT_APP_TAG } from './educator-chat/educator-chat.js';

registerChatAppMessages();
if (!customElements.get(CHAT_APP_TAG)) customElements.define(CHAT_APP_TAG, EducatorChatApp);
