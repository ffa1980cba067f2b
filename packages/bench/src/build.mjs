/**
 * Production builds with vite: the bench pages (one multi-page build, served to Chromium)
 * and one build per size entry, so each entry's bytes are its whole closure with lit
 * and every dependency counted once.
 */
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';
import { minifyCssLiterals } from '../../../scripts/minify-css-literals.mjs';

export const BENCH_DIR = new URL('..', import.meta.url).pathname;
const PAGES = join(BENCH_DIR, 'pages');
export const DIST = process.env.BENCH_DIST ?? join(BENCH_DIR, 'dist');

/** What each size row is, in the order printed. `kind: 'entry'` counts the entry chunk alone (what the script tag loads first). */
export const SIZE_ENTRIES = [
  { id: 'loader', label: 'Loader (entry chunk only)', ours: true, kind: 'entry' },
  { id: 'core', label: 'Core (+ lit)', ours: true },
  { id: 'educator-chat', label: '<care-educator-chat> launcher (+ core, lit)', ours: true, widget: true },
  { id: 'educator-chat-inline', label: '<care-educator-chat> inline: with the chat itself, app.js (+ core, lit)', ours: true },
  { id: 'record-viewer', label: '<care-record-viewer> (+ core, lit)', ours: true, widget: true },
  { id: 'community-feed', label: '<care-community-feed> (+ core, lit)', ours: true, widget: true },
  { id: 'feedback-form', label: '<care-feedback-form> (+ core, lit)', ours: true, widget: true },
  { id: 'all-four', label: 'All four widgets (+ core, lit)', ours: true },
  { id: 'adapter-rest', label: 'REST adapter for markup configuration, with <care-provider> (+ core, lit), for reference', ours: true },
  { id: 'trivial-lit', label: 'Trivial Lit element (floor)', peer: true },
  { id: 'deep-chat', label: 'deep-chat 2.4.2', peer: true, vs: 'educator-chat-inline' },
  { id: 'formbricks', label: '@formbricks/js 5.1.0 (loader stub only)', peer: true, vs: 'feedback-form' },
  { id: 'formbricks-surveys', label: '@formbricks/surveys 1.99.0, the survey renderer (Preact included)', peer: true, vs: 'feedback-form' },
  { id: 'fhir-react', label: 'fhir-react 2.1.1 + React 18 (+ CSS)', peer: true, vs: 'record-viewer' },
  { id: 'medplum-react', label: '@medplum/react 4.5.1 + React 18 + Mantine 7 (+ CSS)', peer: true, vs: 'record-viewer' },
];

export const PAGE_NAMES = ['chat', 'record', 'feed', 'feedback', 'lit', 'litdata', 'deepchat', 'formbricks', 'fhirreact', 'medplum', 'calibrate'];

/**
 * As the loader's dist: V8's compile hint at the top of every chunk, for every page alike (ours, the
 * floors and the peers), so the comparison stays one of code, not of build settings. Added last:
 * vite puts its dependency map at the top of app chunks after every bundle hook, so as they are written.
 * BENCH_NO_COMPILE_HINTS=1 leaves it out, to see what it changes.
 */
const compileHints = {
  name: 'careline-bench-compile-hints',
  writeBundle(options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const file = join(options.dir, chunk.fileName);
      writeFileSync(file, `//# allFunctionsCalledOnLoad\n${readFileSync(file, 'utf8')}`);
    }
  },
};

const DEDUPE = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context', '@lit/task', 'react', 'react-dom'];

function config(root, outDir, input, extra = {}) {
  return {
    configFile: false,
    root,
    base: './',
    logLevel: 'error',
    publicDir: false,
    resolve: { dedupe: DEDUPE },
    // As the loader's production build (packages/loader/vite.config.ts): what it ships is measured.
    plugins: [minifyCssLiterals(), ...(process.env.BENCH_NO_COMPILE_HINTS ? [] : [compileHints])],
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.NODE_DEBUG': 'false' },
    build: {
      outDir,
      emptyOutDir: true,
      minify: process.env.BENCH_NO_MINIFY ? false : true,
      // Medplum's CSS keeps an unprocessed Mantine media query that lightningcss rejects; esbuild minifies it anyway.
      cssMinify: 'esbuild',
      manifest: true,
      target: 'es2022',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
      rolldownOptions: { input, onwarn: () => undefined },
      ...extra,
    },
  };
}

export async function buildPages() {
  const input = Object.fromEntries(PAGE_NAMES.map((name) => [name, join(PAGES, `${name}.html`)]));
  await build(config(PAGES, join(DIST, 'pages'), input));
  return join(DIST, 'pages');
}

/**
 * Each page of `names` built on its own, as a site's bundler builds a page with one widget: its
 * code in one chunk (and its lazy chunks), not split into the chunks the bench's pages share.
 * For whole page loads, where every file is a request. Returns the folder holding `<name>/<name>.html`.
 */
export async function buildPagesAlone(names) {
  const root = join(DIST, 'alone');
  for (const name of names) await build(config(PAGES, join(root, name), { [name]: join(PAGES, `${name}.html`) }));
  // Pages without a build step (pages/no-build, copied as they are) load the loader's own production dist.
  const noBuild = join(root, 'no-build');
  rmSync(noBuild, { recursive: true, force: true });
  cpSync(join(PAGES, 'no-build'), noBuild, { recursive: true });
  // The bench's watch script goes inline, as the built pages have the harness in their bundle: as a
  // file it would take one of the six connections the page's own files share (HTTP/1.1).
  const watch = readFileSync(join(PAGES, 'no-build', 'watch.js'), 'utf8');
  for (const name of readdirSync(join(PAGES, 'no-build')).filter((file) => file.endsWith('.html'))) {
    const page = readFileSync(join(noBuild, name), 'utf8');
    const inlined = page.replace(/<script src="\.\/watch\.js"([^>]*)><\/script>/, (_whole, attributes) => `<script${attributes}>\n${watch}</script>`);
    if (inlined === page) throw new Error(`no-build/${name} has no <script src="./watch.js" …> to inline`);
    writeFileSync(join(noBuild, name), inlined);
  }
  cpSync(buildLoaderDist(), join(noBuild, 'careline'), { recursive: true });
  // The feedback form's page again, with the preload links the loader's build prints for its tag and
  // adapter (chunk names change with every build, so the page is written here, from the manifest).
  const { preload, files } = JSON.parse(readFileSync(join(noBuild, 'careline', 'manifest.json'), 'utf8'));
  const links = [...new Set([...preload['care-feedback-form'], ...preload['adapter:rest']])].map(
    (file) => `<link rel="modulepreload" href="./careline/${file}" integrity="${files[file].integrity}" crossorigin="anonymous">`,
  );
  const page = readFileSync(join(noBuild, 'feedback.html'), 'utf8');
  if (!page.includes('<script src="./careline/careline-loader.classic.js"')) throw new Error('no-build/feedback.html has no classic snippet to preload beside');
  writeFileSync(join(noBuild, 'feedback-preload.html'), page.replace('<script src="./careline/careline-loader.classic.js"', `${links.join('\n')}\n<script src="./careline/careline-loader.classic.js"`));
  return root;
}

let loaderBuilt = false;
/** The loader's production dist (packages/loader, as it ships), built once per bench run; returns its folder. */
function buildLoaderDist() {
  if (!loaderBuilt) execFileSync('npm', ['run', 'build', '-w', '@careline/loader'], { cwd: join(BENCH_DIR, '..', '..'), stdio: 'ignore' });
  loaderBuilt = true;
  return join(BENCH_DIR, '..', 'loader', 'dist');
}

const compressed = (buffer) => ({
  min: buffer.length,
  gzip: gzipSync(buffer, { level: 9 }).length,
  brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length } }).length,
});

function sum(rows) {
  return rows.reduce((acc, row) => ({ min: acc.min + row.min, gzip: acc.gzip + row.gzip, brotli: acc.brotli + row.brotli }), { min: 0, gzip: 0, brotli: 0 });
}

/** Builds one size entry and measures its files: initial closure (entry + static imports + CSS) and lazy chunks. */
async function measureEntry(entry) {
  const outDir = join(DIST, 'size', entry.id);
  const groups = new Map();
  const options = config(join(PAGES, 'size'), outDir, { [entry.id]: join(PAGES, 'size', `${entry.id}.js`) }, { modulePreload: false });
  // What the initial bytes are made of, by package folder (rendered bytes before minification):
  // the entry chunk and, except for `kind: 'entry'`, the chunks it imports statically — not lazy ones.
  options.plugins = [...options.plugins, { name: 'careline-bench-breakdown', generateBundle: (_o, bundle) => {
    const initialChunks = new Set();
    const visitChunk = (file) => {
      const chunk = bundle[file];
      if (!chunk || chunk.type !== 'chunk' || initialChunks.has(file)) return;
      initialChunks.add(file);
      if (entry.kind !== 'entry') for (const imported of chunk.imports) visitChunk(imported);
    };
    for (const [file, chunk] of Object.entries(bundle)) if (chunk.type === 'chunk' && chunk.isEntry) visitChunk(file);
    for (const [file, chunk] of Object.entries(bundle)) {
      if (chunk.type !== 'chunk' || !initialChunks.has(file)) continue;
      for (const [module, info] of Object.entries(chunk.modules)) {
        const ours = module.match(/packages\/([^/]+)\/src\/([^/]+)/);
        const npm = module.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
        const group = ours ? `${ours[1]}/${ours[2].replace(/\.ts$/, '')}` : npm ? npm[1] : 'other';
        groups.set(group, (groups.get(group) ?? 0) + info.renderedLength);
      }
    }
  } }];
  await build(options);
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const key = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const initial = new Set();
  const visit = (k) => {
    const chunk = manifest[k];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const css of chunk.css ?? []) initial.add(css);
    if (entry.kind !== 'entry') for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(key);
  const all = new Set();
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      if (item.name === '.vite') continue;
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (/\.(js|css)$/.test(item.name)) all.add(path.slice(outDir.length + 1));
    }
  };
  walk(outDir);
  const measure = (files) => sum([...files].map((file) => compressed(readFileSync(join(outDir, file)))));
  const lazy = [...all].filter((file) => !initial.has(file));
  const cssFiles = [...initial].filter((file) => file.endsWith('.css'));
  return {
    id: entry.id,
    label: entry.label,
    ours: Boolean(entry.ours),
    vs: entry.vs,
    widget: Boolean(entry.widget),
    files: [...initial],
    ...measure(initial),
    css: cssFiles.length ? measure(cssFiles) : undefined,
    lazy: lazy.length ? { files: lazy.length, ...measure(lazy) } : undefined,
    breakdown: [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([group, bytes]) => ({ group, bytes })),
  };
}

/** The widgets as a page without a build step gets them: through the loader's own dist. */
export const LOADER_PATHS = [
  { id: 'loader-educator-chat', tags: ['care-educator-chat'], label: '<care-educator-chat> launcher through the loader (its entry and every chunk the tag loads up front, <care-provider> included)' },
  { id: 'loader-record-viewer', tags: ['care-record-viewer'], label: '<care-record-viewer> through the loader' },
  { id: 'loader-community-feed', tags: ['care-community-feed'], label: '<care-community-feed> through the loader' },
  { id: 'loader-feedback-form', tags: ['care-feedback-form'], label: '<care-feedback-form> through the loader' },
  { id: 'loader-all-four', tags: ['care-educator-chat', 'care-record-viewer', 'care-community-feed', 'care-feedback-form'], label: 'All four widgets through the loader' },
];

/**
 * Builds the loader's production dist (packages/loader, as it ships) and measures, per tag, its
 * entry plus the chunk the tag imports and that chunk's static imports: what a page without a
 * build step downloads before the widget's first content. Chunks shared by the tags count once.
 */
function measureLoaderPaths() {
  const dist = buildLoaderDist();
  const entryCode = readFileSync(join(dist, 'careline-loader.js'), 'utf8');
  const staticImports = (code) => [...code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)].map((match) => match[1]);
  const closure = (file, seen) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dependency of staticImports(readFileSync(join(dist, 'chunks', file), 'utf8'))) closure(dependency, seen);
  };
  return LOADER_PATHS.map((path) => {
    const files = new Set();
    for (const tag of path.tags) {
      // The tag's chunk is the first import() of its loader (the loader asks for the chunks it imports alongside).
      const chunk = new RegExp(`"${tag}":\\(\\)=>(?:Promise\\.all\\(\\[)?import\\(\`\\./chunks/([^\`]+)\``).exec(entryCode)?.[1];
      if (!chunk) throw new Error(`the loader's entry has no chunk for <${tag}>`);
      closure(chunk, files);
    }
    const measured = sum([compressed(Buffer.from(entryCode)), ...[...files].map((file) => compressed(readFileSync(join(dist, 'chunks', file))))]);
    return { id: path.id, label: path.label, ours: true, loaderPath: true, files: ['careline-loader.js', ...[...files].map((file) => `chunks/${file}`)], ...measured };
  });
}

/** `ids`: only these entries (for whoever works on a size budget). */
export async function measureSizes(ids) {
  rmSync(join(DIST, 'size'), { recursive: true, force: true });
  const results = [];
  for (const entry of SIZE_ENTRIES.filter((e) => !ids || ids.includes(e.id))) {
    try {
      results.push(await measureEntry(entry));
    } catch (error) {
      results.push({ id: entry.id, label: entry.label, ours: Boolean(entry.ours), vs: entry.vs, error: String(error?.message ?? error).split('\n')[0] });
    }
  }
  if (!ids || ids.some((id) => id.startsWith('loader-'))) {
    try {
      results.push(...measureLoaderPaths().filter((row) => !ids || ids.includes(row.id)));
    } catch (error) {
      results.push({ id: 'loader-paths', label: 'The widgets through the loader', ours: true, loaderPath: true, error: String(error?.message ?? error).split('\n')[0] });
    }
  }
  return results;
}
