/**
 * Registers the "chatwoot" adapter for declarative configuration, e.g.
 * `<care-provider adapter="chatwoot" endpoint="https://chat.hospital.example" inbox="…">`.
 * Identity hashes are not read from attributes: pages with signed-in patients call
 * `createChatwootAdapter({ identity })` in script.
 */
import { registerAdapterFactory } from '@careline/core';
import { createChatwootAdapter } from './chatwoot-adapter.js';

registerAdapterFactory('chatwoot', (attrs) => {
  const baseUrl = attrs['endpoint']?.trim();
  const inboxIdentifier = attrs['inbox']?.trim();
  if (!baseUrl || !inboxIdentifier) throw new Error('add endpoint="https://your-chatwoot" and inbox="<inbox identifier>" attributes.');
  return createChatwootAdapter({ baseUrl, inboxIdentifier });
});
