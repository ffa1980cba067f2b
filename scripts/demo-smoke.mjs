#!/usr/bin/env node
// Proves `npm start` serves the demo: runs `npm start` itself, opens every
// demo page in headless Chromium and checks the mock backend answers through the
// service worker, nothing is requested from another origin, and no page logs errors.
// Prints `N passed, N failed` as its last line (scripts/test.mjs adds it to the total).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { findChromium, CHROME_FLAGS } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`  ✓ ${name}`);
  } catch (error) {
    failed++;
    console.log(`  ✗ ${name}\n      ${String(error?.stack ?? error).split('\n').slice(0, 3).join('\n      ')}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs exactly the README's demo command and waits until it answers. */
async function startDemo(port) {
  const child = spawn('npm', ['start', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    detached: true, // its own process group, so the whole tree can be stopped
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/index.html`);
      if (response.ok) return child;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not serve the demo:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const demo = await startDemo(port);
const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROME_FLAGS });

console.log(`\n[careline] demo smoke test against ${origin}`);
try {
  const pages = readdirSync(`${root}demo`).filter((file) => file.endsWith('.html')).sort();
  await check('the demo has its pages', async () => {
    for (const required of ['index.html', 'single-script.html']) if (!pages.includes(required)) throw new Error(`demo/${required} is missing`);
  });

  for (const file of pages) {
    await check(`${file} loads on the mock backend without errors or third-party requests`, async () => {
      const page = await browser.newPage();
      const problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol.startsWith('http') && url.origin !== origin) problems.push(`third-party request: ${url.href}`);
      });
      page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
      const response = await page.goto(`${origin}/${file}`, { waitUntil: 'load' });
      if (!response || response.status() !== 200) throw new Error(`HTTP ${response?.status()}`);
      const usesCareline = await page.evaluate(() => !!document.querySelector('script[src="/careline.js"], script[src^="/src/"]'));
      if (usesCareline) {
        await page.waitForFunction(() => document.documentElement.dataset.carelineReady === 'true', { timeout: 15_000 });
        const session = await page.evaluate(async () => {
          const answer = await fetch('/api/careline/v1/session');
          return { status: answer.status, body: await answer.json() };
        });
        if (session.status !== 200 || !['signed-in', 'guest'].includes(session.body.status)) {
          throw new Error(`mock backend did not answer /session: ${JSON.stringify(session)}`);
        }
        const defined = await page.evaluate(() => !!customElements.get('care-provider'));
        if (!defined) throw new Error('<care-provider> is not defined');
      }
      await page.close();
      if (problems.length) throw new Error(problems.join('\n'));
    });
  }

  await check('record.html shows the demo patient\'s record through the mock, and none of it after signing out', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/record.html`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const viewer = document.querySelector('care-record-viewer');
        const summary = viewer?.shadowRoot?.querySelector('.summary');
        return !!summary && summary.textContent.includes('Penicillin') && summary.textContent.includes('Metformin');
      },
      { timeout: 15_000 },
    );
    // The site's "Sign out": the record leaves the screen, and the viewer asks the next person to sign in.
    await page.click('#sign-out');
    await page.waitForFunction(
      () => {
        const root = document.querySelector('care-record-viewer')?.shadowRoot;
        return !!root?.querySelector('[data-state="signed-out"]') && !root.textContent.includes('Penicillin') && !root.textContent.includes('Siti');
      },
      { timeout: 15_000 },
    );
    await page.close();
  });

  await check('community.html shows the condition groups and their posts through the mock', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/community.html`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const feed = document.querySelector('care-community-feed');
        const root = feed?.shadowRoot;
        return !!root?.querySelector('#group-name') && root.querySelectorAll('.posts .post').length > 0;
      },
      { timeout: 15_000 },
    );
    await page.close();
  });

  await check('the demo switches the chat to Chatwoot and the community to Discourse (both mocked) and they work', async () => {
    const page = await browser.newPage();
    const outside = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    await page.goto(`${origin}/community.html?chat=chatwoot&community=discourse`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const root = document.querySelector('care-community-feed')?.shadowRoot;
        return !!root && root.textContent.includes('Welcome: how this group works') && !root.querySelector('[data-reaction="support"]');
      },
      { timeout: 15_000 },
    );
    await page.evaluate(async () => {
      const chat = document.querySelector('care-educator-chat');
      // The launcher comes first; pressing it loads the chat, drawn inside <care-educator-chat-app>.
      chat.shadowRoot.querySelector('.launcher').click();
      const rootNow = () => chat.shadowRoot.querySelector('care-educator-chat-app')?.shadowRoot ?? chat.shadowRoot;
      const until = async (find, what) => {
        for (let i = 0; i < 200; i++) {
          const found = find();
          if (found) return found;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`${what}: ${rootNow().textContent.replace(/\s+/g, ' ').slice(0, 400)}`);
      };
      const textarea = await until(() => rootNow().querySelector('textarea'), 'no composer');
      const root = rootNow();
      textarea.value = 'Hello from the smoke test';
      textarea.dispatchEvent(new Event('input'));
      root.querySelector('form button[type="submit"]').click();
      await until(() => root.querySelector('[role="log"]')?.textContent.includes('demo Chatwoot inbox'), 'no reply from the Chatwoot inbox');
    });
    // The switch is remembered for the tab: the next page uses Discourse too.
    await page.goto(`${origin}/community.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('care-community-feed')?.shadowRoot?.textContent.includes('Welcome: how this group works'), { timeout: 15_000 });
    if (outside.length) throw new Error(`requests outside the demo: ${outside.join(', ')}`);
    await page.close();
  });

  await check('the demo applies a vendor theme (high contrast) to every widget on the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/feedback.html?theme=high-contrast`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.carelineReady === 'true', { timeout: 15_000 });
    const surface = await page.evaluate(() => getComputedStyle(document.querySelector('care-feedback-form')).getPropertyValue('--care-color-surface').trim());
    if (!(await page.evaluate(() => document.body.classList.contains('care-theme-high-contrast'))) || surface === '') throw new Error(`theme not applied (surface "${surface}")`);
    await page.close();
  });

  await check('feedback.html sends a compliment through the mock and track.html shows its status', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/feedback.html`, { waitUntil: 'load' });
    await page
      .waitForFunction(() => !!document.querySelector('care-feedback-form')?.shadowRoot?.querySelector('#feedback-kind-compliment'), { timeout: 15_000 })
      .catch((error) => Promise.reject(new Error(`the feedback form did not render: ${error.message}`)));
    const reference = await page.evaluate(async () => {
      const root = document.querySelector('care-feedback-form').shadowRoot;
      const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
      const click = async (id) => (root.querySelector(`#${id}`).click(), settle());
      await click('feedback-kind-compliment');
      // The fields after the first question are fetched when a kind is chosen (no pointer here to fetch them earlier).
      for (let i = 0; i < 200 && !root.querySelector('#feedback-description'); i++) await settle();
      const description = root.querySelector('#feedback-description');
      description.value = 'The physiotherapists were wonderful.';
      description.dispatchEvent(new Event('input'));
      await settle();
      await click('feedback-about-me');
      await click('feedback-anonymous');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      root.querySelector('form button[type="submit"]').click();
      for (let i = 0; i < 200; i++) {
        const found = root.querySelector('.receipt .reference');
        if (found) return found.textContent.trim();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no receipt: ' + root.textContent.replace(/\s+/g, ' ').slice(0, 400));
    });
    if (!/^FB-/.test(reference)) throw new Error(`unexpected reference ${reference}`);
    await page.goto(`${origin}/track.html?reference=FB-DEMO-0002`, { waitUntil: 'load' });
    // Only the looked-up result: the signed-in demo patient's own list below it shows FB-DEMO-0002 again.
    await page.waitForFunction(() => document.querySelector('care-feedback-status')?.shadowRoot?.querySelectorAll('.result .status .step time').length === 5, { timeout: 15_000 }).catch(async (error) => {
      const shown = await page.evaluate(() => document.querySelector('care-feedback-status')?.shadowRoot?.textContent.replace(/\s+/g, ' ').slice(0, 300));
      throw new Error(`track.html did not show the 5 steps (${error.message}); it shows: ${shown}`);
    });
    await page.close();
  });

  await check('single-script.html configures Careline from one classic script tag', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/single-script.html`, { waitUntil: 'load' });
    const tags = await page.evaluate(() =>
      Array.from(document.scripts, (script) => ({ src: script.getAttribute('src'), type: script.type, inline: !script.src && script.textContent.trim() !== '' })),
    );
    const careline = tags.filter((tag) => tag.src === '/careline.js');
    if (careline.length !== 1 || careline[0].type) throw new Error(`expected exactly one classic <script src="/careline.js">, found ${JSON.stringify(tags)}`);
    if (tags.some((tag) => tag.inline)) throw new Error('the page must not need inline scripts');
    await page.waitForFunction(() => document.documentElement.dataset.carelineReady === 'true', { timeout: 15_000 });
    await page.close();
  });
} finally {
  await browser.close();
  try {
    process.kill(-demo.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
