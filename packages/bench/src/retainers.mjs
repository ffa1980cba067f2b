/**
 * Why is an element still alive? `node src/retainers.mjs chat.html care-educator-chat [cycles]`
 * runs the connect/disconnect cycles, takes a heap snapshot and prints the retaining path
 * (from a GC root) of each instance still alive. A diagnostic for the leak rows of the bench.
 */
import { buildPages } from './build.mjs';
import { launch, serve } from './browser.mjs';

const [url = 'chat.html', tag = 'care-educator-chat', count = '50'] = process.argv.slice(2);
if (!process.argv.includes('--no-build')) await buildPages();
const { server, origin } = await serve(new URL('../dist/pages', import.meta.url).pathname);
const { browser } = await launch();
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.enable');
  await page.goto(`${origin}/${url}`);
  await page.evaluate(() => window.__benchRun);
  await page.evaluate((n) => window.__benchCycles(n), Number(count));
  await cdp.send('HeapProfiler.collectGarbage');
  // All through one CDP session: remote object ids belong to the session that made them.
  await cdp.send('Runtime.enable');
  const { result: prototype } = await cdp.send('Runtime.evaluate', { expression: `customElements.get(${JSON.stringify(tag)}).prototype` });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId });
  // Marked from the page (an array on window), found again in the snapshot by that name.
  await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { window.__careLeaked = this.slice(); }' });
  await cdp.send('Runtime.releaseObject', { objectId: objects.objectId });
  await cdp.send('Runtime.releaseObject', { objectId: prototype.objectId });
  const alive = await page.evaluate(() => window.__careLeaked.length);
  console.log(`${alive} instance(s) of <${tag}> alive after ${count} cycles`);
  let json = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => (json += chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const snapshot = JSON.parse(json);
  const { node_fields: nf, edge_fields: ef, node_types: [nodeTypes], edge_types: [edgeTypes] } = snapshot.snapshot.meta;
  const N = nf.length, E = ef.length;
  const { nodes, edges, strings } = snapshot;
  const iType = nf.indexOf('type'), iName = nf.indexOf('name'), iId = nf.indexOf('id'), iEdges = nf.indexOf('edge_count');
  const eType = ef.indexOf('type'), eName = ef.indexOf('name_or_index'), eTo = ef.indexOf('to_node');
  const retainers = new Map();
  const byId = new Map();
  for (let node = 0, edge = 0; node < nodes.length; node += N) {
    byId.set(nodes[node + iId], node);
    for (let k = 0; k < nodes[node + iEdges]; k++, edge += E) {
      const type = edgeTypes[edges[edge + eType]];
      if (type === 'weak' || type === 'shortcut') continue;
      const to = edges[edge + eTo];
      const name = type === 'element' || type === 'hidden' ? `[${edges[edge + eName]}]` : strings[edges[edge + eName]];
      if (!retainers.has(to)) retainers.set(to, []);
      retainers.get(to).push([node, name, type]);
    }
  }
  const marker = [];
  let markerArray;
  for (let node = 0, edge = 0; node < nodes.length; node += N) {
    for (let k = 0; k < nodes[node + iEdges]; k++, edge += E) {
      if (edgeTypes[edges[edge + eType]] === 'property' && strings[edges[edge + eName]] === '__careLeaked') markerArray = edges[edge + eTo];
    }
  }
  for (const [to, list] of retainers) for (const [from, , type] of list) if (from === markerArray && type === 'element') marker.push(to);
  const ids = marker;
  const label = (node) => `${nodeTypes[nodes[node + iType]]} ${String(strings[nodes[node + iName]]).slice(0, 80)}`;
  for (const id of ids) {
    const start = id;
    // Breadth-first towards a root, skipping DevTools' own handles.
    const seen = new Map([[start, null]]);
    const queue = [start];
    let found;
    while (queue.length && !found) {
      const node = queue.shift();
      for (const [from, name, type] of retainers.get(node) ?? []) {
        if (seen.has(from) || from === markerArray) continue;
        const fromName = String(strings[nodes[from + iName]]);
        if (/Developer Tools|DevTools|console/i.test(fromName)) continue;
        seen.set(from, [node, name, type]);
        if (nodeTypes[nodes[from + iType]] === 'synthetic' || fromName.startsWith('(GC roots)') || /^Window /.test(fromName)) {
          found = from;
          break;
        }
        queue.push(from);
      }
    }
    console.log(`\nRetaining path of an instance${found === undefined ? ' (no path found outside DevTools handles)' : ''}:`);
    const path = [];
    for (let node = found; node !== undefined && node !== start; ) {
      const [next, name, type] = seen.get(node);
      path.push(`${label(node)}  --${type}:${name}-->`);
      node = next;
    }
    path.push(label(start));
    for (const step of path.slice(-14)) console.log(`  ${step}`);
  }
} finally {
  await browser.close();
  server.close();
}
