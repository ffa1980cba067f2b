/**
 * What is in a size entry: `node src/breakdown.mjs educator-chat [rows]` builds pages/size/<entry>.js
 * and prints the rendered (pre-minify) bytes per package folder, largest first.
 */
import { build } from 'vite';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const PAGES = new URL('../pages/size/', import.meta.url).pathname;
const id = process.argv[2] ?? 'all-four';
const groups = new Map();
await build({
  configFile: false,
  root: PAGES,
  logLevel: 'error',
  publicDir: false,
  resolve: { dedupe: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'] },
  plugins: [
    {
      name: 'breakdown',
      generateBundle(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk') continue;
          for (const [module, info] of Object.entries(chunk.modules)) {
            const ours = module.match(/packages\/([^/]+)\/src\/([^/]+)/);
            const npm = module.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
            const group = ours ? `${ours[1]}/${ours[2]}` : npm ? `npm:${npm[1]}` : module;
            groups.set(group, (groups.get(group) ?? 0) + info.renderedLength);
          }
        }
      },
    },
  ],
  build: { outDir: join(tmpdir(), `careline-breakdown-${id}`), emptyOutDir: true, minify: true, modulePreload: false, rolldownOptions: { input: { [id]: join(PAGES, `${id}.js`) } } },
});
const rows = [...groups].sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
for (const [group, bytes] of rows.slice(0, Number(process.argv[3] ?? 30))) console.log(String(bytes).padStart(8), `${((bytes / total) * 100).toFixed(1).padStart(5)}%`, group);
console.log(String(total).padStart(8), '100.0%', 'total rendered bytes (before minification)');
