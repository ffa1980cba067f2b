/**
 * What is in a size entry's initial load: `node src/breakdown.mjs educator-chat [rows] [--modules]`
 * builds pages/size/<entry>.js and prints the rendered (pre-minify) bytes of the entry chunk and its
 * static imports, per package folder (or per module with --modules), largest first. Lazy chunks are
 * listed apart, because they are not loaded up front.
 */
import { transformWithEsbuild } from 'vite';
import { buildSizeEntry, initialChunks } from './size-entry-build.mjs';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const byModule = process.argv.includes('--modules');
// --gzip: each module's code minified and gzipped on its own (an estimate: the chunk compresses better as a whole).
const gzipped = process.argv.includes('--gzip');
const id = args[0] ?? 'all-four';
const initialGroups = new Map();
const lazyGroups = new Map();
const groupOf = (module) => {
  const ours = module.match(/packages\/([^/]+)\/src\/(.+)$/);
  const npm = module.match(/node_modules\/((@[^/]+\/)?[^/]+)(\/.*)?$/);
  if (byModule) return ours ? `${ours[1]}/${ours[2]}` : npm ? `npm:${npm[1]}${npm[3] ?? ''}` : module;
  return ours ? `${ours[1]}/${ours[2].split('/')[0]}` : npm ? `npm:${npm[1]}` : module;
};
async function gzipBytes(code) {
  if (!code) return 0;
  const { code: minified } = await transformWithEsbuild(code, 'module.js', { minify: true, format: 'esm' });
  return gzipSync(minified, { level: 9 }).length;
}
await buildSizeEntry(id, {
  name: 'breakdown',
  async generateBundle(_options, bundle) {
    const initial = initialChunks(bundle);
    for (const [file, chunk] of Object.entries(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const groups = initial.has(file) ? initialGroups : lazyGroups;
      for (const [module, info] of Object.entries(chunk.modules)) {
        const group = groupOf(module);
        const bytes = gzipped ? await gzipBytes(info.code ?? '') : info.renderedLength;
        groups.set(group, (groups.get(group) ?? 0) + bytes);
      }
    }
  },
});
const print = (title, groups, rowCount) => {
  const rows = [...groups].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log(`\n${title}`);
  for (const [group, bytes] of rows.slice(0, rowCount)) console.log(String(bytes).padStart(8), `${((bytes / total) * 100).toFixed(1).padStart(5)}%`, group);
  console.log(String(total).padStart(8), '100.0%', gzipped ? 'total of each module minified and gzipped alone' : 'total rendered bytes (before minification)');
};
print('Initial load (entry and its static imports)', initialGroups, Number(args[1] ?? 40));
print('Lazy chunks', lazyGroups, 12);
