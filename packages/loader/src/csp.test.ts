/**
 * Every widget, loaded through the loader (module and classic script) and imported directly,
 * works under the strict Content-Security-Policy of docs/distribution.md with no violation.
 *
 * The pages (./csp/*.html) are served by the test runner at /__careline/csp/<name>.html with the
 * policy in a real response header (web-test-runner.config.mjs) and run in a same-origin iframe.
 * Their first script records every `securitypolicyviolation` event and uncaught error. The mock
 * backend runs in this (unrestricted) test page behind msw's service worker, which also answers
 * the requests of the iframe; one page (mock-backend.html) runs it inside the strict page instead.
 * A canary page breaks the policy on purpose, to prove the recorder sees violations.
 */
import { expect } from '@open-wc/testing';
import { createMockBackend, type MockBackend } from '@careline/mock';
import { startMockWorker, type MockWorker } from '@careline/mock/browser.js';
import { waitFor, widgetRoot } from '@careline/testing';

/** The policy of docs/distribution.md, as the test runner sends it (web-test-runner.config.mjs, strictCspPages). */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html";

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

type CspWindow = Window & typeof globalThis & { carelineCsp: { violations: Violation[]; errors: string[] } };

const TAGS = ['care-provider', 'care-educator-chat', 'care-record-viewer', 'care-community-feed', 'care-feedback-form', 'care-feedback-status'];
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

let worker: MockWorker | undefined;
let backend: MockBackend | undefined;
let frame: HTMLIFrameElement | undefined;

before(async () => {
  backend = createMockBackend({ baseUrl: '/api/careline/v1', educatorReplyDelayMs: 100, minFeedbackFillSeconds: 0 });
  worker = await startMockWorker(backend);
});

after(() => {
  worker?.stop();
  backend?.dispose();
});

afterEach(() => {
  frame?.remove();
  frame = undefined;
});

async function openPage(name: string): Promise<CspWindow> {
  const next = createMockBackend({ baseUrl: '/api/careline/v1', educatorReplyDelayMs: 100, minFeedbackFillSeconds: 0 });
  worker!.use(next);
  backend?.dispose();
  backend = next;
  frame = document.createElement('iframe');
  frame.title = name;
  // Large enough that the widgets lay out as they would on a page.
  frame.width = '1000';
  frame.height = '2400';
  const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
  frame.src = `/__careline/csp/${name}.html`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as CspWindow;
  expect(win.carelineCsp, 'the violation recorder ran first').to.be.an('object');
  return win;
}

/**
 * Catches the frame a widget prints from (core's printInFrame) as it is added: records the
 * violations reported in it and what would have been printed, instead of opening the dialog.
 */
function capturePrintFrames(win: CspWindow): { documents: Document[]; restore(): void } {
  const documents: Document[] = [];
  const proto = win.ShadowRoot.prototype;
  const originalAppend = proto.append;
  proto.append = function (this: ShadowRoot, ...nodes: Array<Node | string>) {
    originalAppend.apply(this, nodes);
    for (const node of nodes) {
      if (node instanceof win.HTMLIFrameElement && node.contentWindow) {
        const frameWindow = node.contentWindow;
        frameWindow.document.addEventListener('securitypolicyviolation', (event) => {
          win.carelineCsp.violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, source: `print frame: ${event.sourceFile}:${event.lineNumber}` });
        });
        frameWindow.print = () => documents.push(frameWindow.document);
      }
    }
  };
  return { documents, restore: () => (proto.append = originalAppend) };
}

/** Drives each widget through its main states, inside the page. */
async function exercise(win: CspWindow): Promise<void> {
  const doc = win.document;
  for (const tag of TAGS) await waitFor(() => win.customElements.get(tag), { message: `<${tag}> defined`, timeout: 10_000 });
  const shadow = (tag: string) => doc.querySelector(tag)!.shadowRoot!;
  const input = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    field.value = value;
    field.dispatchEvent(new win.Event('input', { bubbles: true, composed: true }));
  };

  // Educator chat: open the launcher, send a message, see the educator's reply.
  // The launcher comes first; the chat itself loads when it is pressed, also under this policy.
  (await waitFor(() => shadow('care-educator-chat').querySelector<HTMLButtonElement>('.launcher'), { message: 'chat launcher', timeout: 5000 })).click();
  const chat = await waitFor(() => widgetRoot(doc.querySelector('care-educator-chat')!).querySelector('textarea') && widgetRoot(doc.querySelector('care-educator-chat')!), { message: 'chat composer', timeout: 5000 });
  input(chat.querySelector('textarea')!, 'Hello from a strict page');
  await waitFor(() => !chat.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled, { message: 'send enabled' });
  chat.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await waitFor(() => text(chat.querySelector('.message.mine')).includes('Hello from a strict page'), { message: 'message sent', timeout: 5000 });
  await waitFor(() => chat.querySelector('.message.theirs'), { message: 'educator reply', timeout: 8000 });

  // Record viewer: the summary, then the test results with a trend chart.
  const record = shadow('care-record-viewer');
  await waitFor(() => record.querySelector('.summary .item'), { message: 'record summary', timeout: 5000 });
  (await waitFor(() => [...record.querySelectorAll<HTMLButtonElement>('.nav-item')].find((item) => text(item) === 'Test results'), { message: 'labs tab' })).click();
  const lab = await waitFor(() => [...record.querySelectorAll('.lab')].find((item) => text(item.querySelector('.item-title')) === 'HbA1c'), { message: 'labs', timeout: 5000 });
  lab.querySelector<HTMLButtonElement>('.item-actions button')!.click();
  await waitFor(() => lab.querySelector('svg[role="img"]'), { message: 'trend chart', timeout: 5000 });
  // Printing: the record is printed from a blank frame of its own, which has the page's policy too.
  const printed = capturePrintFrames(win);
  try {
    record.querySelector<HTMLButtonElement>('.print')!.click();
    const printedDoc = await waitFor(() => printed.documents[0], { message: 'printed', timeout: 10_000 });
    expect(printedDoc.body.textContent).to.include('Health record of');
    const sheets = [...printedDoc.styleSheets, ...printedDoc.adoptedStyleSheets];
    expect(sheets.some((sheet) => sheet.cssRules.length > 0), 'the print styles apply').to.equal(true);
  } finally {
    printed.restore();
  }

  // Community feed: the posts, then the composer.
  const feed = shadow('care-community-feed');
  await waitFor(() => feed.querySelector('.posts .post'), { message: 'community posts', timeout: 5000 });
  (await waitFor(() => feed.querySelector<HTMLButtonElement>('.new-post'), { message: 'new post button', timeout: 5000 })).click();
  await waitFor(() => feed.querySelector('form.composer'), { message: 'composer', timeout: 5000 });

  // Feedback form: the error summary for an empty form, then a sent compliment with its reference.
  const form = shadow('care-feedback-form');
  await waitFor(() => form.querySelector('form[part="form"]'), { message: 'feedback form', timeout: 5000 });
  form.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
  await waitFor(() => form.querySelectorAll('.error-summary a').length > 0, { message: 'error summary', timeout: 5000 });
  form.querySelector<HTMLInputElement>('#feedback-kind-compliment')!.click();
  await waitFor(() => form.querySelector('.questions #csp-ward, .questions [id$="csp-ward"]'), { message: 'the hospital’s own questions', timeout: 5000 });
  input(await waitFor(() => form.querySelector<HTMLTextAreaElement>('#feedback-description')), 'The night staff on ward 3 were wonderful.');
  (await waitFor(() => form.querySelector<HTMLInputElement>('#feedback-rating-first'))).click();
  (await waitFor(() => form.querySelector<HTMLInputElement>('#feedback-about-me'))).click();
  (await waitFor(() => form.querySelector<HTMLInputElement>('#feedback-anonymous'))).click();
  await new Promise((resolve) => setTimeout(resolve, 50));
  form.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
  const receipt = await waitFor(() => form.querySelector('.receipt .reference'), { message: 'receipt', timeout: 10_000 }).catch((error: Error) => {
    throw new Error(`${error.message}; the form says: ${text(form.querySelector('.error-summary')) || text(form)}`);
  });
  const reference = text(receipt);
  expect(reference).to.match(/\w/);

  // Feedback status: look the new reference up.
  const status = shadow('care-feedback-status');
  input(await waitFor(() => status.querySelector<HTMLInputElement>('#feedback-reference'), { message: 'reference field' }), reference);
  await new Promise((resolve) => setTimeout(resolve, 50));
  status.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
  await waitFor(() => status.querySelector('.status .step'), { message: 'feedback status', timeout: 5000 });
}

/** A failing step also tells what the page reported so far. */
async function withViolations(win: CspWindow, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const { violations, errors } = win.carelineCsp;
    if (error instanceof Error && (violations.length || errors.length)) error.message += `\nViolations: ${JSON.stringify(violations, null, 1)}\nErrors: ${JSON.stringify(errors, null, 1)}`;
    throw error;
  }
}

async function expectNoViolation(win: CspWindow): Promise<void> {
  // Violations are reported asynchronously: give the last ones a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(win.carelineCsp.violations, 'securitypolicyviolation events').to.deep.equal([]);
  expect(win.carelineCsp.errors, 'uncaught errors').to.deep.equal([]);
}

describe('strict Content-Security-Policy with Trusted Types', function () {
  this.timeout(90_000);

  it('the test pages are served with the documented policy', async () => {
    const response = await fetch('/__careline/csp/direct.html');
    expect(response.headers.get('Content-Security-Policy')).to.equal(STRICT_CSP);
  });

  it('the pages really report violations: a canary page that breaks the policy on purpose', async () => {
    const win = await openPage('canary');
    await waitFor(() => win.document.documentElement.dataset['canary'] === 'done', { message: 'canary script ran' });
    await waitFor(() => win.carelineCsp.violations.length >= 3, { message: 'three violations', timeout: 5000 });
    const directives = win.carelineCsp.violations.map((violation) => violation.directive).sort();
    expect(directives).to.deep.equal(['require-trusted-types-for', 'script-src-elem', 'style-src-attr']);
  });

  for (const [name, how] of [
    ['loader-module', 'through the loader as a module script'],
    ['loader-classic', 'through the loader from a classic <script src>'],
    ['classic-data', 'through the classic script configured by its data-* attributes (no <care-provider> in the markup)'],
    ['direct', 'imported directly as modules'],
    ['mock-backend', 'on the mock backend running in the page itself (msw under the `careline-mock` policy)'],
  ] as const) {
    it(`every widget works ${how}, with no violation`, async () => {
      const win = await openPage(name);
      await withViolations(win, () => exercise(win));
      await expectNoViolation(win);
    });
  }

  // `npm test` builds the loader before the browser tests (scripts/test.mjs).
  it('the production build works from a classic <script src>, with no violation', async () => {
    const built = await fetch('/packages/loader/dist/careline-loader.js', { method: 'HEAD' });
    expect(built.ok, 'packages/loader/dist is missing: run `npm run build -w @careline/loader` first').to.equal(true);
    const win = await openPage('dist');
    await withViolations(win, () => exercise(win));
    await expectNoViolation(win);
  });
});
