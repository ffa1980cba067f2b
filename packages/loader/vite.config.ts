// Production build of @careline/loader: `npm run build -w @careline/loader` (scripts/build.mjs runs this
// config, then prints the page snippet with Subresource Integrity hashes).
//
// dist/careline-loader.js          the module entry; a stable name for the snippet, cache it briefly
// dist/careline-loader.classic.js  the same loader as a classic script, for CMS pages that allow nothing else
// dist/chunks/*-[hash].js          widgets, adapters, and the shared lit/core code: immutable
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { defineConfig, type Plugin } from 'vite';
import { minifyCssLiterals } from '../../scripts/minify-css-literals.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
/** An import() of a chunk in the built entry, as rolldown writes it: import(`./chunks/<file>.js`). */
const CHUNK_IMPORT = /import\(`\.\/(chunks\/[^`]+\.js)`\)/g;
/** An import() of a sibling chunk inside a chunk: import(`./<file>.js`). */
const LAZY_CHUNK_IMPORT = /import\(`\.\/([^`/]+\.js)`\)/g;
/** Lit's parts that only code loaded later uses (the chat's repeat and live directives, with lit's re-exports of them): they go with that code. */
const LIT_LATER = /(lit-html\/(directives\/(repeat|live)|directive-helpers|directive)|lit\/directives\/(repeat|live))\.js$/;
const LIT = /[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/;
const CORE_FILE = (names: string) => new RegExp(`[\\\\/]packages[\\\\/]core[\\\\/]src[\\\\/](${names})\\.ts$`);
/**
 * What every widget, the chat's launcher too, runs before its first content; and <care-provider>,
 * which every page through the loader has, since markup is how such a page configures Careline.
 */
const CORE_UP_FRONT = CORE_FILE('element/(care-controller|care-element|states|after-render)|i18n/(i18n|formats|locale|core-messages|locales/en)|config/config|registry|theme/theme\\.styles|storage/wipe-notices|errors|adapter|on-demand|provider/provider|define');
/** The decorator helper every element uses (0.4 KB, a request of its own otherwise). */
const BUNDLER_HELPERS = /@oxc-project[\\/+]runtime/;
/** What the widgets that read or write (not the launcher) add to it: the watch for unsent writes and the connection, views fetched on demand, forms' styles. */
const CORE_FOR_DATA = CORE_FILE('element/(network-controller|outbox-controller|on-demand-views-controller)|theme/forms\\.styles|storage/database-prefix|outbox/names|retry|id-part');
/**
 * What a field a patient types in adds: drafts, the safety check beside what is typed, the forms'
 * error templates. Up front only in the feedback form (and its status); the record viewer's, the
 * feed's and the chat's fields come later, with their forms, so their first views do without it
 * (about 2.3 KB gzip less for the record viewer and the feed).
 */
const CORE_FOR_TYPING = CORE_FILE('element/(draft-controller|emergency-check-controller|form-states)|outbox/(drafts|services)|ids');
/**
 * The feedback form's English and events, which its two tags share: in the same file as the above,
 * or the form's first view would need a seventh file (with its adapter), and a slow phone would
 * wait a round trip for it (0.3 s measured with the bench's slow-phone page). The others' forms
 * fetch these 2 KB gzip with it, later, when they are reached for.
 */
const FEEDBACK_SHARED = /[\\/]packages[\\/]feedback-form[\\/]src[\\/](events|i18n[\\/](index|en-form|en-status))\.ts$/;
/** Where drafts, unsent writes and the record's offline copy are kept: read and written only after a first render, in one request. */
const STORAGE = /[\\/](packages[\\/]core[\\/]src[\\/](storage[\\/](stores|idb-store)|outbox[\\/](shared-idb-store|draft-storage))\.ts|node_modules[\\/]idb-keyval[\\/].*)$/;
/** The record viewer's first view: its view model and FHIR display helpers are shared with its forms, and would be a file of their own. */
const RECORD_VIEWER_UP_FRONT = /[\\/]packages[\\/]record-viewer[\\/]src[\\/](define|events|fhir[\\/]display|i18n[\\/](index|keys|en-viewer)|record-viewer[\\/](record-viewer|record-viewer\.styles|record-view-model))\.ts$/;

/**
 * A tag's chunk imports lit and core statically, and a browser asks for those only once it has the
 * chunk: one more round trip before the widget's first content (more than half a second on a slow
 * 4G phone; see docs/performance.md). So the entry asks for the chunk and every chunk it imports,
 * directly or not, at once; and so does every chunk for what it fetches on demand. Plain
 * import()s of modules without side effects: not vite's preload helper, which would add its code
 * and write <link> elements into the page.
 */
/** An `import()` as written, with the files (relative to the importer) fetched beside it; it still resolves to the first module. */
function importAlongside(importCall: string, files: readonly string[]): string {
  return files.length ? `Promise.all([${importCall},${files.map((file) => `import(\`./${file}\`)`).join(',')}]).then((modules)=>modules[0])` : importCall;
}

function importEachTagInOneRoundTrip(): Plugin {
  return {
    name: 'careline-import-each-tag-in-one-round-trip',
    // It rewrites chunks after rolldown named them: their names must change with what it writes.
    augmentChunkHash: () => importEachTagInOneRoundTrip.toString(),
    generateBundle(_options, bundle) {
      const entry = bundle['careline-loader.js'];
      if (entry?.type !== 'chunk') throw new Error('careline-loader.js is not in the bundle');
      const closure = (file: string, found = new Set<string>()): Set<string> => {
        const chunk = bundle[file];
        if (chunk?.type !== 'chunk') throw new Error(`the loader imports ${file}, which is not in the bundle`);
        for (const imported of chunk.imports) if (!found.has(imported)) closure(imported, found.add(imported));
        return found;
      };
      let rewritten = 0;
      entry.code = entry.code.replace(CHUNK_IMPORT, (whole, file: string) => {
        rewritten++;
        const alongside = [...closure(file)].filter((dependency) => !entry.imports.includes(dependency));
        return importAlongside(whole, alongside);
      });
      if (rewritten === 0) throw new Error('found no import() of a chunk in careline-loader.js: has the output format changed?');
      // The same inside the chunks: what a widget fetches on demand (the chat itself, its forms, the
      // trend chart, another language) comes with the shared chunks it needs and the page does not
      // have yet, in one round trip rather than two (the chat opened half a second later on a slow phone).
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk' || !file.startsWith('chunks/')) continue;
        // What is surely loaded while this chunk runs: itself and what it imports statically.
        const loaded = new Set([file, ...closure(file)]);
        chunk.code = chunk.code.replace(LAZY_CHUNK_IMPORT, (whole, name: string) => {
          const alongside = [...closure(`chunks/${name}`)].filter((dependency) => !loaded.has(dependency));
          return importAlongside(whole, alongside.map((dependency) => dependency.slice('chunks/'.length)));
        });
      }
    },
  };
}

/**
 * rolldown puts its runtime helpers (`__export`, which builds the namespace object an `import()`
 * resolves to) in a file of their own, 0.2 KB that nearly every tag asked for beside `base-…`: with
 * an adapter and the loader's script, the feedback form's first view was seven requests, one more
 * than a browser sends at once to an HTTP/1.1 server, so the last waited a round trip. Their
 * code-splitting groups never see that module, so the helpers move into `base-…` here, which every
 * page through the loader loads first anyway: scoped in a function (their minified names would
 * clash with base's own), exported under names of their own, and imported from there.
 */
function runtimeHelpersInTheBase(): Plugin {
  const EXPORTED_AS = '__careline_runtime_';
  return {
    name: 'careline-runtime-helpers-in-the-base',
    // The chunks' names must change with what this does to their code, as rolldown's hashes cannot
    // see it: a file under an old name with other content would break caches and integrity checks.
    augmentChunkHash: () => runtimeHelpersInTheBase.toString(),
    generateBundle(_options, bundle) {
      const runtimeFile = Object.keys(bundle).find((file) => /^chunks\/rolldown-runtime-[\w-]+\.js$/.test(file));
      if (!runtimeFile) return;
      const baseFile = Object.keys(bundle).find((file) => /^chunks\/base-[\w-]+\.js$/.test(file));
      const runtime = bundle[runtimeFile];
      const base = baseFile ? bundle[baseFile] : undefined;
      if (runtime?.type !== 'chunk' || base?.type !== 'chunk') throw new Error('rolldown\'s runtime chunk or the base chunk is not a chunk');
      const body = runtime.code.split(COMPILE_HINT).join('').trim();
      const exportClause = /export\s*\{([^}]*)\};?$/.exec(body);
      if (!exportClause || runtime.imports.length || /(^|[;}\s])import\s*[{*\w"'`]/.test(body)) {
        throw new Error(`${runtimeFile} is not the import-free runtime this build expects: has rolldown's output changed?`);
      }
      // exported name → local name inside the runtime's code
      const helpers = new Map(exportClause[1]!.split(',').map((part) => {
        const [local, exported = local] = part.trim().split(/\s+as\s+/);
        return [exported!, local!] as const;
      }));
      const ownName = (exported: string) => `${EXPORTED_AS}${exported.replace(/\W/g, '_')}`;
      const definitions = `var ${EXPORTED_AS}helpers=(()=>{${body.slice(0, exportClause.index)}return{${[...helpers].map(([exported, local]) => `${JSON.stringify(exported)}:${local}`).join(',')}}})();`
        + [...helpers.keys()].map((exported) => `var ${ownName(exported)}=${EXPORTED_AS}helpers[${JSON.stringify(exported)}];`).join('');
      const runtimeName = runtimeFile.slice('chunks/'.length).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const importOfRuntime = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']\\./${runtimeName}["'];?`, 'g');
      const bindings = (list: string) => list.split(',').map((part) => {
        const [imported, local = imported] = part.trim().split(/\s+as\s+/);
        if (!helpers.has(imported!)) throw new Error(`a chunk imports ${imported} from ${runtimeFile}, which does not export it`);
        return [imported!, local!] as const;
      });
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk' || file === runtimeFile || !chunk.imports.includes(runtimeFile)) continue;
        let found = 0;
        if (chunk === base) {
          // In base: the definitions come first, then base's own names for them.
          chunk.code = chunk.code.replace(importOfRuntime, (_whole, list: string) => (found++, bindings(list).map(([imported, local]) => `var ${local}=${ownName(imported)};`).join('')));
        } else {
          chunk.code = chunk.code.replace(importOfRuntime, (_whole, list: string) => (found++, `import{${bindings(list).map(([imported, local]) => `${ownName(imported)} as ${local}`).join(',')}}from"./${baseFile!.slice('chunks/'.length)}";`));
        }
        if (found !== 1) throw new Error(`${file} imports ${runtimeFile} ${found} times in its code, once in its metadata`);
        chunk.imports = [...new Set(chunk.imports.map((imported) => (imported === runtimeFile ? baseFile! : imported)))].filter((imported) => imported !== file);
      }
      const hint = base.code.startsWith(`${COMPILE_HINT}\n`) ? `${COMPILE_HINT}\n` : '';
      base.code = `${hint}${definitions}${base.code.slice(hint.length)}\nexport{${[...helpers.keys()].map(ownName).join(',')}};`;
      base.exports.push(...[...helpers.keys()].map(ownName));
      delete bundle[runtimeFile];
    },
  };
}

/**
 * The classic bootstrap carries the loader itself, instead of import()ing careline-loader.js: one
 * round trip fewer before any widget on a CMS page (over half a second on a slow 4G phone). The
 * module entry has no imports or exports of its own, only import()s of chunks, which the copy asks
 * for by the entry's address (beside it, as the module does), in strict mode as module code runs.
 * The result must parse as a classic script. In development and tests the source bootstrap imports
 * the entry.
 */
function classicBootstrapCarriesTheLoader(): Plugin {
  return {
    name: 'careline-classic-bootstrap-carries-the-loader',
    generateBundle(_options, bundle) {
      const entry = bundle['careline-loader.js'];
      const classic = bundle['careline-loader.classic.js'];
      if (entry?.type !== 'chunk' || classic?.type !== 'chunk') throw new Error('the loader entries are not in the bundle');
      if (entry.imports.length || entry.exports.length || /import\.meta|(^|[;}\s])(import|export)\s*[{*\w"'`]/.test(entry.code.replace(/import\(/g, ''))) {
        throw new Error('careline-loader.js has imports, exports or import.meta: the classic bootstrap cannot carry it as it is');
      }
      let rewritten = 0;
      const loader = entry.code
        .split(COMPILE_HINT)
        .join('')
        .replace(CHUNK_IMPORT, (_whole, file: string) => (rewritten++, `import(new URL(\`./${file}\`,careline$entry).href)`));
      if (rewritten === 0 || rewritten !== (entry.code.match(/\bimport\(/g) ?? []).length) {
        throw new Error(`careline-loader.js has ${rewritten} import()s of chunks among others: the classic script would ask for some from the page's address`);
      }
      const calls = classic.code.match(/import\(\s*\/\* @vite-ignore \*\/\s*([A-Za-z_$][\w$]*)\s*\)/g) ?? [];
      if (calls.length !== 1) throw new Error(`careline-loader.classic.js should import the entry once, found ${calls.length}: has its source changed?`);
      classic.code = classic.code.replace(
        /import\(\s*\/\* @vite-ignore \*\/\s*([A-Za-z_$][\w$]*)\s*\)/,
        (_whole, url: string) => `Promise.resolve(${url}).then(function(careline$entry){"use strict";${loader}})`,
      );
      try {
        new Script(classic.code, { filename: 'careline-loader.classic.js' });
      } catch (error) {
        throw new Error(`careline-loader.classic.js would not run as a classic script: ${String(error)}`);
      }
    },
  };
}

export default defineConfig({
  root: here('.'),
  // Library builds would copy public/ into dist (there is none here, and there must never be).
  publicDir: false,
  // Chunk URLs relative to the file that imports them, so dist/ works from any directory or CDN path.
  base: './',
  logLevel: 'warn',
  // The CSS in lit `css` templates, which vite's minifier leaves as written (comments, indentation).
  plugins: [minifyCssLiterals(), runtimeHelpersInTheBase(), importEachTagInOneRoundTrip(), classicBootstrapCarriesTheLoader()],
  // One copy of Lit however the packages import it.
  resolve: { dedupe: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context', '@lit/task'] },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // Library mode: no <link rel="modulepreload"> helper around the loader's import()s (it would add
    // code and DOM writes); importEachTagInOneRoundTrip asks for a tag's chunks at once instead.
    lib: {
      entry: {
        'careline-loader': here('src/auto.ts'),
        'careline-loader.classic': here('src/classic.js'),
      },
      formats: ['es'],
    },
    modulePreload: false,
    // Never inline assets as data: URLs (blocked by a strict CSP).
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: {
      // Never move shared code into an entry (it would gain exports): the classic entry must stay a plain script.
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        // Library mode leaves whitespace and comments unless the output itself is minified.
        minify: true,
        // V8's explicit compile hint (Chrome 136+; a plain comment elsewhere): every chunk here is
        // fetched when it is about to run, so its functions are compiled while it downloads, off the
        // main thread, instead of one by one on it as the widget first renders. After minification,
        // which would drop it.
        postBanner: COMPILE_HINT,
        entryFileNames: '[name].js',
        // A widget's chunk is named after its package (educator-chat-<hash>.js); shared code keeps rolldown's names.
        chunkFileNames: (chunk) => {
          const widget = /[\\/]packages[\\/]([a-z-]+)[\\/]src[\\/]define\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
          return `chunks/${widget ?? '[name]'}-[hash].js`;
        },
        // Few files: a widget's first view comes in at most five (the widget, the base, core-data,
        // typing for the feedback form or the feed's markdown, an adapter); with the loader's own
        // script, six, as many as a browser fetches at once from an HTTP/1.1 server. A seventh waits
        // a whole round trip, over half a second on a slow phone.
        codeSplitting: {
          groups: [
            // The base every page through the loader runs: Lit (but not what only code loaded
            // later uses), core's element machinery and <care-provider>. Lit on its own would stay
            // cached across Careline releases, but cost every first visit a request.
            {
              name: 'base',
              test: (id: string) => {
                const path = id.replace(/\\/g, '/');
                return (LIT.test(id) && !LIT_LATER.test(path)) || CORE_UP_FRONT.test(path) || BUNDLER_HELPERS.test(id);
              },
            },
            { name: 'core-data', test: (id: string) => CORE_FOR_DATA.test(id.replace(/\\/g, '/')) },
            { name: 'typing', test: (id: string) => CORE_FOR_TYPING.test(id.replace(/\\/g, '/')) || FEEDBACK_SHARED.test(id) },
            { name: 'record-viewer', test: (id: string) => RECORD_VIEWER_UP_FRONT.test(id) },
            { name: 'storage', test: (id: string) => STORAGE.test(id) },
          ],
        },
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
