/**
 * Serves the built pages on 127.0.0.1 and drives headless Chromium over CDP:
 * one fresh browser context per run, CPU throttling, GC before every heap reading.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { CHROME_FLAGS, findChromium } from '../../../scripts/chromium.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2', '.png': 'image/png' };

/**
 * Serves `root` on 127.0.0.1, never cached. `compress`: text files gzipped (-9, once per file) for
 * browsers that accept it, as a real server sends them: for page loads over an emulated network.
 */
export function serve(root, { compress = false } = {}) {
  const gzipped = new Map();
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const file = join(root, path === '/' ? 'index.html' : path);
      const type = TYPES[extname(path)] ?? 'application/octet-stream';
      const zip = compress && /^(text|image\/svg|application\/json)/.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      if (zip && !gzipped.has(file)) gzipped.set(file, gzipSync(await readFile(file), { level: 9 }));
      const body = zip ? gzipped.get(file) : await readFile(file);
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(zip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}) });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

export async function launch() {
  const executablePath = findChromium();
  const browser = await puppeteer.launch({ executablePath, headless: true, args: [...CHROME_FLAGS.filter((flag) => !flag.startsWith('--headless')), '--js-flags=--expose-gc'], protocolTimeout: 600_000 });
  return { browser, executablePath, version: await browser.version() };
}

async function heap(cdp) {
  // Twice: finalizers and weak references can free more on the second pass.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * Opens `url` in a fresh context at `throttle`× CPU slowdown, waits for the page's
 * scenario, then runs `after(page, cdp, result)` for follow-up measurements. `before(page, cdp)`
 * runs before the page is opened (a trace or profile to start, a script to add to the page).
 * `network`: puppeteer network conditions to emulate ({ download, upload, latency }).
 */
export async function runPage(browser, url, { throttle = 1, network, before, after, limitMs = 120_000 } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error.message ?? error)));
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.enable');
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    if (network) await page.emulateNetworkConditions(network);
    await before?.(page, cdp);
    await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
    // No polling: a page whose main thread is blocked answers when it is free, or never within the limit.
    let timer;
    const result = await Promise.race([
      page.evaluate(() => window.__benchRun),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`did not render within ${limitMs / 1000} s`)), limitMs))),
    ]).finally(() => clearTimeout(timer));
    if (result.error) throw new Error(`${url}: ${result.error}${errors.length ? `\npage errors: ${errors.join('; ')}` : ''}`);
    result.heap = await heap(cdp);
    if (after) Object.assign(result, await after(page, cdp));
    return result;
  } finally {
    await context.close();
  }
}

/** Follow-up: an action the page defines (append, more, trend), then heap again. */
export const action = (name) => async (page, cdp) => {
  const result = await page.evaluate((n) => window.__benchAction(n), name);
  return { [name]: { ...result, heap: await heap(cdp) } };
};

/**
 * Leaks: warm up (100 cycles), GC, heap; `cycles` connect/disconnect cycles in the page; GC, heap;
 * then the instances of the element's class still reachable.
 */
export const cycles = (tag, count) => async (page, cdp) => {
  // A long warm-up: V8's optimised code for the widget's paths is compiled in the first ~100
  // cycles and would otherwise count as growth (it is not a leak; see src/growth.mjs).
  await page.evaluate(() => window.__benchCycles(100));
  const before = await heap(cdp);
  const t0 = Date.now();
  await page.evaluate((n) => window.__benchCycles(n), count);
  const ms = Date.now() - t0;
  const after = await heap(cdp);
  // `tag` may name several elements (the chat and the chat it draws inside): all must be gone.
  let alive = 0;
  for (const name of tag.split(' ')) {
    const prototype = await page.evaluateHandle((element) => customElements.get(element).prototype, name);
    const instances = await page.queryObjects(prototype);
    alive += await page.evaluate((list) => list.length, instances);
    await instances.dispose();
    await prototype.dispose();
  }
  return { cycles: { count, before, after, growth: (after - before) / before, alive, ms } };
};
