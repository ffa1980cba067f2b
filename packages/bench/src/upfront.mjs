/**
 * For whoever works on a size budget: `node src/upfront.mjs record-viewer` builds pages/size/<entry>.js
 * as breakdown.mjs does and names what its first load carries only for code loaded later: the
 * exports of its initial chunks (what lazy chunks import from them) that the initial load itself
 * never uses. A bundler places a module whole in the first chunk that needs any of it, so one small
 * export used up front (a constant, a name) brings the rest of its module along; moving that export
 * to a module of its own sends the rest to the lazy chunks. Each line names the export and the
 * module it is declared in.
 */
import { buildSizeEntry, initialChunks } from './size-entry-build.mjs';

const id = process.argv[2] ?? 'all-four';
const escape = (name) => name.replace(/\$/g, '\\$');
let found = 0;
await buildSizeEntry(id, {
  name: 'upfront',
  generateBundle(_options, bundle) {
    const initial = initialChunks(bundle);
    const initialCode = [...initial].map((file) => bundle[file].code.replace(/export \{[^}]*\};?\s*$/, '')).join('\n');
    for (const file of initial) {
      const chunk = bundle[file];
      const exported = chunk.code.match(/export \{([^}]*)\};?\s*$/)?.[1] ?? '';
      for (const part of exported.split(',')) {
        const local = part.trim().split(/\s+as\s+/)[0];
        if (!local) continue;
        // Its declaration is the one use; any other is the initial load's own.
        const uses = initialCode.match(new RegExp(`(?<![\\w$.])${escape(local)}(?![\\w$])`, 'g'))?.length ?? 0;
        if (uses > 1) continue;
        const declaring = Object.entries(chunk.modules).find(([, info]) => new RegExp(`(?:var|let|const|function|class)\\s+${escape(local)}\\b`).test(info.code ?? ''))?.[0];
        console.log(`${local.padEnd(28)} ${declaring?.replace(/.*packages\//, '') ?? '?'}`);
        found++;
      }
    }
  },
}, { minify: false });
if (!found) console.log(`${id}: every export of the first load is used by it`);
