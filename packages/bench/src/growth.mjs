/**
 * What grows? `node src/growth.mjs chat.html [cycles]`: heap snapshots after 100 and after
 * 100 + cycles connect/disconnect cycles, objects counted by constructor; prints the largest growth.
 */
import { buildPages } from './build.mjs';
import { launch, serve } from './browser.mjs';

const [url = 'chat.html', count = '500'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!process.argv.includes('--no-build')) await buildPages();
const { server, origin } = await serve(new URL('../dist/pages', import.meta.url).pathname);
const { browser } = await launch();

async function census(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  let json = '';
  const onChunk = ({ chunk }) => (json += chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { snapshot, nodes, strings } = JSON.parse(json);
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const key = `${types[nodes[i + iType]]}:${String(strings[nodes[i + iName]]).slice(0, 60)}`;
    const row = out.get(key) ?? { count: 0, size: 0 };
    row.count++;
    row.size += nodes[i + iSize];
    out.set(key, row);
  }
  return out;
}

try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.enable');
  await page.goto(`${origin}/${url}`);
  await page.evaluate(() => window.__benchRun);
  await page.evaluate(() => window.__benchCycles(100));
  const before = await census(cdp);
  await page.evaluate((n) => window.__benchCycles(n), Number(count));
  const after = await census(cdp);
  const rows = [...after].map(([key, row]) => [key, row.count - (before.get(key)?.count ?? 0), row.size - (before.get(key)?.size ?? 0)]).filter(([, c, s]) => c > 0 || s > 0);
  rows.sort((a, b) => b[2] - a[2]);
  console.log(`Growth over ${count} cycles on ${url}, by bytes (count Δ, bytes Δ):`);
  for (const [key, c, s] of rows.slice(0, 25)) console.log(String(c).padStart(7), String(s).padStart(9), key);
} finally {
  await browser.close();
  server.close();
}
