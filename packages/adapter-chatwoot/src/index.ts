/** @careline/adapter-chatwoot — the chat port over Chatwoot's public client API and websocket. */
export { createChatwootAdapter, availabilityOf, encodeContext, decodeContext } from './chatwoot-adapter.js';
export type { ChatwootAdapterOptions, ChatwootIdentity, ChatwootStorage } from './chatwoot-adapter.js';
