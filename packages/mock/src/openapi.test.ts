import { expect } from '@open-wc/testing';
import { createMockBackend } from './backend.js';

/** Keeps docs/api/openapi.yaml and the mock honest: the same routes, nothing missing on either side. */
describe('docs/api/openapi.yaml and the mock backend', () => {
  it('describe exactly the same routes', async () => {
    const yaml = await (await fetch('/docs/api/openapi.yaml')).text();
    const documented = new Set<string>();
    let path: string | undefined;
    let inPaths = false;
    for (const line of yaml.split('\n')) {
      if (/^\S/.test(line)) inPaths = line.startsWith('paths:');
      if (!inPaths) continue;
      const pathMatch = /^ {2}(\/\S+):\s*$/.exec(line);
      if (pathMatch) path = pathMatch[1]!.replace(/\{[^}]+\}/g, '{}');
      const methodMatch = /^ {4}(get|post|put|patch|delete):\s*$/.exec(line);
      if (methodMatch && path) documented.add(`${methodMatch[1]!.toUpperCase()} ${path}`);
    }

    const backend = createMockBackend();
    const mocked = new Set(
      backend.handlers
        .map((handler) => handler.info as { method?: unknown; path?: unknown })
        .filter((info) => typeof info.method === 'string' && typeof info.path === 'string' && info.method !== 'ALL')
        .map((info) => `${info.method as string} ${(info.path as string).replace(backend.baseUrl, '').replace(/:[^/]+/g, '{}')}`),
    );
    backend.dispose();
    expect(documented.size).to.equal(35);
    expect([...mocked].sort()).to.deep.equal([...documented].sort());
  });
});
