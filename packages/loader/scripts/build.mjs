// Production build of the loader (vite.config.ts beside this folder), then the page snippet with
// Subresource Integrity hashes. Usage:
//   npm run build -w @careline/loader [-- --base https://www.example-hospital.org/careline/0.1.0/]
// --base (or CARELINE_BASE) is where dist/ will be served from; it only changes the printed snippet.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(packageDir, 'dist');
const args = process.argv.slice(2);
const baseIndex = args.indexOf('--base');
let base = (baseIndex >= 0 ? args[baseIndex + 1] : undefined) ?? process.env.CARELINE_BASE ?? '/careline/';
if (!base.endsWith('/')) base += '/';

const MODULE_ENTRY = 'careline-loader.js';
const CLASSIC_ENTRY = 'careline-loader.classic.js';

await build({ configFile: join(packageDir, 'vite.config.ts'), mode: 'production' });

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const files = {};
for (const path of filesUnder(dist).sort()) {
  const name = relative(dist, path).split(sep).join('/');
  if (name === 'manifest.json') continue;
  const bytes = readFileSync(path);
  files[name] = {
    integrity: sri(bytes),
    bytes: bytes.length,
    // Entries keep their names from release to release; everything else is named by its content.
    cache: name === MODULE_ENTRY || name === CLASSIC_ENTRY ? 'short' : 'immutable',
  };
}

// The classic script is run as a plain script: it must not contain module syntax.
const classic = readFileSync(join(dist, CLASSIC_ENTRY), 'utf8');
if (/(^|[;}\s])(import|export)\s*[{*\w"'`]/.test(classic.replace(/import\(/g, ''))) {
  throw new Error(`${CLASSIC_ENTRY} contains an import or export statement: it would not run from a classic <script src>.`);
}
for (const name of Object.keys(files)) {
  if (name !== MODULE_ENTRY && name !== CLASSIC_ENTRY && !/-[\w-]{8}\.js$/.test(name)) throw new Error(`${name} has no content hash in its name.`);
}

const snippets = {
  module: `<script type="module" src="${base}${MODULE_ENTRY}" integrity="${files[MODULE_ENTRY].integrity}" crossorigin="anonymous"></script>`,
  classic: `<script src="${base}${CLASSIC_ENTRY}" integrity="${files[CLASSIC_ENTRY].integrity}" crossorigin="anonymous" defer></script>`,
};
const manifest = { base, entries: { module: MODULE_ENTRY, classic: CLASSIC_ENTRY }, snippets, files };
writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const total = Object.values(files).reduce((sum, file) => sum + file.bytes, 0);
console.log(`\nCareline loader: ${Object.keys(files).length} files, ${(total / 1024).toFixed(1)} KiB in ${relative(process.cwd(), dist) || '.'}/ (hashes in dist/manifest.json)\n`);
console.log('Module script (preferred):');
console.log(`  ${snippets.module}`);
console.log('\nClassic script only (a CMS that allows nothing else):');
console.log(`  ${snippets.classic}`);
console.log(`\nServe ${MODULE_ENTRY} and ${CLASSIC_ENTRY} with a short cache (Cache-Control: max-age=300) and chunks/* with`);
console.log('Cache-Control: public, max-age=31536000, immutable. Update the integrity attributes with every release.');
