/**
 * Registers the "chatwoot" adapter for declarative configuration, e.g.
 * `<care-provider adapter="chatwoot" endpoint="https://chat.hospital.example" inbox="…">`.
 *
 * A signed-in patient's identity can be rendered into the markup by the hospital's server,
 * for CMSs that strip inline scripts: `identifier`, `identifier-hash` (the HMAC the server
 * computed for this patient — it proves the identifier to Chatwoot and is already in the
 * page either way, as Chatwoot's own widget puts it in an inline script), `name`, `email`.
 */
// The factory is for <care-provider adapter="…"> markup: bring the element with it (widgets' own define.js do not).
import '@careline/core/define.js';
import { registerAdapterFactory } from '@careline/core';
import { createChatwootAdapter, type ChatwootIdentity } from './chatwoot-adapter.js';

registerAdapterFactory('chatwoot', (attrs) => {
  const baseUrl = attrs['endpoint']?.trim();
  const inboxIdentifier = attrs['inbox']?.trim();
  if (!baseUrl || !inboxIdentifier) throw new Error('add endpoint="https://your-chatwoot" and inbox="<inbox identifier>" attributes.');
  const identifier = attrs['identifier']?.trim();
  const hash = attrs['identifier-hash']?.trim();
  if (hash && !identifier) throw new Error('identifier-hash needs the identifier attribute it was computed for.');
  const identity: ChatwootIdentity | undefined = identifier
    ? { identifier, identifierHash: hash || undefined, name: attrs['name']?.trim() || undefined, email: attrs['email']?.trim() || undefined }
    : undefined;
  return createChatwootAdapter({ baseUrl, inboxIdentifier, identity });
});
