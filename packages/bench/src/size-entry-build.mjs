/** For the size diagnostics (breakdown.mjs, upfront.mjs): builds pages/size/<id>.js alone, as the size table does, with `plugin` reading the bundle. */
import { build } from 'vite';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const PAGES = new URL('../pages/size/', import.meta.url).pathname;

export function buildSizeEntry(id, plugin, { minify = true } = {}) {
  return build({
    configFile: false,
    root: PAGES,
    logLevel: 'error',
    publicDir: false,
    resolve: { dedupe: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'] },
    plugins: [plugin],
    build: { outDir: join(tmpdir(), `careline-${plugin.name}-${id}`), emptyOutDir: true, minify, modulePreload: false, rolldownOptions: { input: { [id]: join(PAGES, `${id}.js`) } } },
  });
}
