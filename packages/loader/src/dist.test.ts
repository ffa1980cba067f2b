/**
 * The loader's production build (packages/loader/dist; `npm test` builds it before the browser
 * tests): when a tag appears, its chunk and every chunk that chunk imports, directly or not, are
 * asked for at once, not one import level per round trip.
 */
import { expect } from '@open-wc/testing';
import { waitFor } from '@careline/testing';

/** The files as built (the test server would otherwise serve them compiled again). */
const DIST = '/__careline/source/packages/loader/dist';
const TAGS = ['care-provider', 'care-educator-chat', 'care-record-viewer', 'care-community-feed', 'care-feedback-form', 'care-feedback-status'];

async function source(file: string): Promise<string> {
  const response = await fetch(`${DIST}/${file}`);
  expect(response.ok, `${file} is missing: run \`npm run build -w @careline/loader\` first`).to.equal(true);
  return response.text();
}

/** Every chunk `file` imports statically, directly or not (files under dist/). */
async function staticClosure(file: string, found = new Set<string>()): Promise<Set<string>> {
  const code = await source(file);
  // Minified static imports of sibling chunks: `import{…}from"./base-….js"` or `import"./….js"`.
  for (const match of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) {
    const dependency = `chunks/${match[1]}`;
    if (!found.has(dependency)) await staticClosure(dependency, found.add(dependency));
  }
  return found;
}

describe('@careline/loader production build', () => {
  for (const tag of TAGS) {
    it(`asks for <${tag}>'s chunk and every chunk it imports at once`, async () => {
      const entry = await source('careline-loader.js');
      const loaderOfTag = new RegExp(`"${tag}":\\(\\)=>(Promise\\.all\\(\\[[^\\]]*\\]\\)|import\\(\`[^\`]+\`\\))`).exec(entry)?.[1];
      expect(loaderOfTag, `the entry has a loader for <${tag}>`).to.be.a('string');
      const requested = [...loaderOfTag!.matchAll(/import\(`\.\/([^`]+)`\)/g)].map((match) => match[1]!);
      const [chunk, ...alongside] = requested;
      expect(chunk, 'the tag\'s own chunk comes first').to.match(/^chunks\/.+\.js$/);
      const needed = await staticClosure(chunk!);
      // Lit and core are in base: <care-provider>'s own chunk, which every other tag's imports.
      if (/^chunks\/base-/.test(chunk!)) expect(needed.size, 'base imports nothing').to.equal(0);
      else expect([...needed].some((file) => /^chunks\/base-/.test(file)), `<${tag}>'s chunk imports lit and core`).to.equal(true);
      expect(new Set(alongside)).to.deep.equal(needed);
    });
  }

  it('a chunk asks for what it fetches on demand with every chunk that needs and the page may not have yet, at once', async () => {
    const manifest = JSON.parse(await source('manifest.json')) as { files: Record<string, unknown> };
    const chunks = Object.keys(manifest.files).filter((file) => file.startsWith('chunks/'));
    let onDemand = 0;
    for (const file of chunks) {
      const code = await source(file);
      const loaded = new Set([file, ...(await staticClosure(file))]);
      // Each import() of a sibling, with the ones asked for beside it when it is the first of a Promise.all.
      for (const match of code.matchAll(/(Promise\.all\(\[)?import\(`\.\/([^`/]+\.js)`\)((?:,import\(`\.\/[^`/]+\.js`\))*)/g)) {
        if (match[1] === undefined && code.slice(Math.max(0, match.index! - 1), match.index) === ',') continue; // one of a list, read with its first
        onDemand++;
        const wanted = `chunks/${match[2]}`;
        const alongside = [...(match[3] ?? '').matchAll(/import\(`\.\/([^`]+)`\)/g)].map((each) => `chunks/${each[1]}`);
        const missing = [...(await staticClosure(wanted))].filter((dependency) => !loaded.has(dependency));
        expect([...new Set(alongside)].sort(), `${file} fetching ${wanted}`).to.deep.equal(missing.sort());
      }
    }
    // The chat itself, the forms, the trend chart, the languages, the storage…
    expect(onDemand, 'import()s of chunks found').to.be.greaterThan(20);
  });

  it('the classic bootstrap carries the loader: a page asks for chunks only, not careline-loader.js', async () => {
    const frame = document.createElement('iframe');
    // Served as a page serves it (the source route sends text/plain, which import() refuses).
    const served = '/packages/loader/dist';
    frame.srcdoc = `<!doctype html><html lang="en"><body><care-feedback-status></care-feedback-status><script src="${served}/careline-loader.classic.js"></script></body></html>`;
    document.body.append(frame);
    try {
      await waitFor(() => frame.contentWindow?.customElements.get('care-feedback-status'), { message: '<care-feedback-status> defined', timeout: 10_000 });
      const fetched = frame.contentWindow!.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
      expect(fetched.filter((path) => path.endsWith('/careline-loader.js')), 'the module entry').to.deep.equal([]);
      expect(fetched.some((path) => path.startsWith(`${served}/chunks/define-status-`)), 'the tag\'s chunk, beside the bootstrap').to.equal(true);
    } finally {
      frame.remove();
    }
  });

  it('a widget fetches up front only the shared chunks its first view needs (vite.config.ts says which and why)', async () => {
    const manifest = JSON.parse(await source('manifest.json')) as { preload: Record<string, string[]> };
    const shared = (key: string) => manifest.preload[key]!.slice(1).map((file) => /^chunks\/(.+)-[\w-]{8}\.js$/.exec(file)?.[1]).sort();
    // The launcher: Lit and core's element only. The widgets that read: core-data too; the drafts
    // and the safety check beside what is typed ("typing") come up front only with the feedback form.
    // rolldown's runtime helpers are in base, not a file of their own.
    expect(shared('care-educator-chat')).to.deep.equal(['base']);
    expect(shared('care-record-viewer')).to.deep.equal(['base', 'core-data']);
    expect(shared('care-community-feed')).to.deep.equal(['base', 'core-data', 'markdown']);
    expect(shared('care-feedback-form')).to.deep.equal(['base', 'core-data', 'typing']);
    // The adapters: the base only. The Discourse sign-in's key pairs and IndexedDB come only on
    // the page load that starts or finishes a sign-in; Chatwoot's time-zone check is 0.2 KB.
    expect(shared('adapter:rest')).to.deep.equal(['base']);
    expect(shared('adapter:fhir')).to.deep.equal(['base']);
    expect(shared('adapter:discourse')).to.deep.equal(['base']);
    expect(shared('adapter:chatwoot')).to.deep.equal(['base', 'time-zone']);
    // At most five files with an adapter it works with: with the loader's own script (or the
    // page's preload links beside it), six, as many as a browser fetches at once from an HTTP/1.1 server.
    const adapters = { rest: TAGS, fhir: ['care-record-viewer'], discourse: ['care-community-feed'], chatwoot: ['care-educator-chat'] };
    for (const [adapter, tags] of Object.entries(adapters)) {
      for (const tag of tags) expect(new Set([...manifest.preload[tag]!, ...manifest.preload[`adapter:${adapter}`]!]).size, `${tag} with ${adapter}`).to.be.at.most(5);
    }
  });

  it('manifest.json lists what each tag and adapter loads first, and a page preloading them fetches each file once', async () => {
    const manifest = JSON.parse(await source('manifest.json')) as { preload: Record<string, string[]> };
    const entry = await source('careline-loader.js');
    for (const key of [...TAGS, 'adapter:rest', 'adapter:fhir', 'adapter:chatwoot', 'adapter:discourse']) {
      // The same list, in the same order (its own chunk first), as the entry asks for.
      const name = key.startsWith('adapter:') ? key.slice('adapter:'.length) : `"${key}"`;
      const loaderOfKey = new RegExp(`[{,]${name}:\\(\\)=>(Promise\\.all\\(\\[[^\\]]*\\]\\)|import\\(\`[^\`]+\`\\))`).exec(entry)?.[1];
      expect(loaderOfKey, `the entry has a loader for ${key}`).to.be.a('string');
      expect(manifest.preload[key], key).to.deep.equal([...loaderOfKey!.matchAll(/import\(`\.\/([^`]+)`\)/g)].map((match) => match[1]));
    }
    const served = '/packages/loader/dist';
    const wanted = [...new Set([...manifest.preload['care-feedback-status']!, ...manifest.preload['care-provider']!])];
    // The integrity of the bytes as this test server sends them (it may rewrite a file a little).
    const integrityOf = async (file: string) => {
      const bytes = await (await fetch(`${served}/${file}`)).arrayBuffer();
      return `sha384-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-384', bytes))))}`;
    };
    const links = (await Promise.all(wanted.map(async (file) => `<link rel="modulepreload" href="${served}/${file}" integrity="${await integrityOf(file)}" crossorigin="anonymous">`))).join('');
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="en"><head>${links}<script src="${served}/careline-loader.classic.js" defer></script></head><body><care-feedback-status></care-feedback-status></body></html>`;
    document.body.append(frame);
    try {
      await waitFor(() => frame.contentWindow?.customElements.get('care-feedback-status'), { message: '<care-feedback-status> defined', timeout: 10_000 });
      const entries = frame.contentWindow!.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const of = (file: string) => entries.filter((entry) => new URL(entry.name).pathname === `${served}/${file}`);
      const [classic] = of('careline-loader.classic.js');
      for (const file of wanted) {
        // Once: the loader's import() found what the link had loaded. And by the link: asked for
        // before the loader's script had even arrived, which the loader alone could not do (on this
        // local server both can fall in the same tenth of a millisecond, the clock's step).
        expect(of(file), file).to.have.length(1);
        expect(of(file)[0]!.startTime, `${file} asked for before the loader arrived`).to.be.at.most(classic!.responseEnd);
      }
    } finally {
      frame.remove();
    }
  });
});
