// Production build of @careline/loader: `npm run build -w @careline/loader` (scripts/build.mjs runs this
// config, then prints the page snippet with Subresource Integrity hashes).
//
// dist/careline-loader.js          the module entry; a stable name for the snippet, cache it briefly
// dist/careline-loader.classic.js  a classic-script bootstrap that import()s the module entry beside it
// dist/chunks/*-[hash].js          widgets, adapters, and the shared lit/core code: immutable
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { minifyCssLiterals } from '../../scripts/minify-css-literals.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const LIT_LATER = /lit-html\/(directives\/(repeat|live)|directive-helpers)\.js$|@lit\/context\/lib\/(controllers\/context-provider|value-notifier)\.js$/;
const CORE_FILE = (names: string) => new RegExp(`[\\\\/]packages[\\\\/]core[\\\\/]src[\\\\/](${names})\\.ts$`);
/** What every widget, the chat's launcher too, runs before its first content. */
const CORE_UP_FRONT = CORE_FILE('element/(care-controller|care-element|states|after-render)|i18n/(i18n|formats|locale|core-messages|locales/en)|config/config|registry|theme/theme\\.styles|storage/wipe-notices|errors|adapter|on-demand');
/** What the widgets that read or write (not the launcher) add to it: drafts, the watch for unsent writes, forms. */
const CORE_FOR_DATA = CORE_FILE('element/(network-controller|outbox-controller|on-demand-views-controller)|theme/forms\\.styles|storage/stores|outbox/(drafts|services)|retry|ids');

/**
 * A tag's chunk imports lit and core statically, and a browser asks for those only once it has the
 * chunk: one more round trip before the widget's first content (more than half a second on a slow
 * 4G phone; see docs/performance.md). So the entry asks for the chunk and every chunk it imports,
 * directly or not, at once. Plain import()s of modules without side effects: not vite's preload
 * helper, which would add its code and write <link> elements into the page.
 */
function importEachTagInOneRoundTrip(): Plugin {
  return {
    name: 'careline-import-each-tag-in-one-round-trip',
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
      entry.code = entry.code.replace(/import\(`\.\/(chunks\/[^`]+\.js)`\)/g, (whole, file: string) => {
        rewritten++;
        const alongside = [...closure(file)].filter((dependency) => !entry.imports.includes(dependency));
        return alongside.length ? `Promise.all([${whole},${alongside.map((dependency) => `import(\`./${dependency}\`)`).join(',')}]).then((modules)=>modules[0])` : whole;
      });
      if (rewritten === 0) throw new Error('found no import() of a chunk in careline-loader.js: has the output format changed?');
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
  plugins: [minifyCssLiterals(), importEachTagInOneRoundTrip()],
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
        // Lit on its own: it changes only when Lit is upgraded, so browsers keep it across Careline releases.
        codeSplitting: {
          groups: [
            // Lit, but not the parts only code loaded later uses (the chat's repeat and live
            // directives, <care-provider>'s context provider): those go with that code.
            { name: 'lit', test: (id: string) => /[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/.test(id) && !LIT_LATER.test(id.replace(/\\/g, '/')) },
            // Core's element machinery, which every widget loads before its first content, in one
            // chunk: split by which widgets share each part, it came as eight small files, which
            // compress less well and cost a request each. Lazy parts (the outbox, IndexedDB, the
            // emergency lists, other languages, <care-provider>) stay out of it.
            { name: 'core-element', test: (id: string) => CORE_UP_FRONT.test(id.replace(/\\/g, '/')) || /[\\/]@oxc-project[\\/]runtime[\\/]/.test(id) },
            { name: 'core-data', test: (id: string) => CORE_FOR_DATA.test(id.replace(/\\/g, '/')) },
          ],
        },
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
