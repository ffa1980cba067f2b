// Production build of the loader (vite.config.ts beside this folder), then the page snippet with
// Subresource Integrity hashes. Usage:
//   npm run build -w @careline/loader [-- --base https://www.example-hospital.org/careline/0.1.0/]
//                                      [--preload care-feedback-form,adapter:rest]
// --base (or CARELINE_BASE) is where dist/ will be served from; it only changes the printed snippet.
// --preload prints <link rel="modulepreload"> tags for what those tags and adapters load before
// their first content (dist/manifest.json lists them all under "preload").
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
const preloadIndex = args.indexOf('--preload');
const preloadKeys = preloadIndex >= 0 ? (args[preloadIndex + 1] ?? '').split(',').map((key) => key.trim()).filter(Boolean) : [];

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

// What each tag, and each adapter (as adapter:<name>), loads before its first content: the lists the
// build wrote into the entry (vite.config.ts, importEachTagInOneRoundTrip), the tag's own chunk first.
const entryCode = readFileSync(join(dist, MODULE_ENTRY), 'utf8');
const preload = {};
for (const match of entryCode.matchAll(/(?:"([\w-]+)"|\b(\w+)):\(\)=>(Promise\.all\(\[[^\]]*\]\)|import\(`[^`]+`\))/g)) {
  const key = match[1] ?? `adapter:${match[2]}`;
  preload[key] = [...match[3].matchAll(/import\(`\.\/([^`]+)`\)/g)].map((chunk) => chunk[1]);
  for (const file of preload[key]) if (!files[file]) throw new Error(`The entry asks for ${file} for ${key}, which is not in dist/.`);
}
const listed = Object.values(preload).reduce((sum, files) => sum + files.length, 0);
if (listed !== (entryCode.match(/\bimport\(/g) ?? []).length) throw new Error(`${MODULE_ENTRY} asks for chunks this build could not file under a tag or an adapter: has its output changed?`);
for (const key of ['care-provider', 'care-educator-chat', 'care-record-viewer', 'care-community-feed', 'care-feedback-form', 'care-feedback-status', 'adapter:rest']) {
  if (!preload[key]?.length) throw new Error(`Found no chunk list for ${key} in ${MODULE_ENTRY}: has its output changed?`);
}
const unknown = preloadKeys.filter((key) => !preload[key]);
if (unknown.length) throw new Error(`--preload: no ${unknown.join(', ')}; one of ${Object.keys(preload).join(', ')}.`);
const preloadLinks = [...new Set(preloadKeys.flatMap((key) => preload[key]))].map(
  (file) => `<link rel="modulepreload" href="${base}${file}" integrity="${files[file].integrity}" crossorigin="anonymous">`,
);

const snippets = {
  module: `<script type="module" src="${base}${MODULE_ENTRY}" integrity="${files[MODULE_ENTRY].integrity}" crossorigin="anonymous"></script>`,
  classic: `<script src="${base}${CLASSIC_ENTRY}" integrity="${files[CLASSIC_ENTRY].integrity}" crossorigin="anonymous" defer></script>`,
};
const manifest = { base, entries: { module: MODULE_ENTRY, classic: CLASSIC_ENTRY }, snippets, preload, files };
writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const total = Object.values(files).reduce((sum, file) => sum + file.bytes, 0);
console.log(`\nCareline loader: ${Object.keys(files).length} files, ${(total / 1024).toFixed(1)} KiB in ${relative(process.cwd(), dist) || '.'}/ (hashes in dist/manifest.json)\n`);
console.log('Module script (preferred):');
console.log(`  ${snippets.module}`);
console.log('\nClassic script only (a CMS that allows nothing else):');
console.log(`  ${snippets.classic}`);
if (preloadLinks.length) {
  console.log(`\nPreload links for ${preloadKeys.join(', ')} (optional, in the page's <head>: its first view one round trip sooner):`);
  for (const link of preloadLinks) console.log(`  ${link}`);
} else {
  console.log('\nOptional: --preload care-feedback-form,adapter:rest (the tags and adapter a page uses) prints <link rel="modulepreload"> tags that fetch their first view one round trip sooner.');
}
console.log(`\nServe ${MODULE_ENTRY} and ${CLASSIC_ENTRY} with a short cache (Cache-Control: max-age=300) and chunks/* with`);
console.log('Cache-Control: public, max-age=31536000, immutable. Update the integrity attributes with every release.');
