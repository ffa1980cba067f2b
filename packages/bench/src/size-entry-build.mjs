/** For the size diagnostics (breakdown.mjs, upfront.mjs): builds pages/size/<id>.js alone, as the size table does, with `plugin` reading the bundle; and which of its files load at once. */
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

/** The files of a bundle a page loads at once: its entry chunks and, transitively, their static imports. */
export function initialChunks(bundle) {
  const initial = new Set();
  const visit = (file) => {
    const chunk = bundle[file];
    if (!chunk || chunk.type !== 'chunk' || initial.has(file)) return;
    initial.add(file);
    chunk.imports.forEach(visit);
  };
  for (const [file, chunk] of Object.entries(bundle)) if (chunk.type === 'chunk' && chunk.isEntry) visit(file);
  return initial;
}
