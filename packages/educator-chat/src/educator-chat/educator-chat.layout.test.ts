/**
 * Small screens and zoom (WCAG 1.4.10 Reflow, 1.4.4 Resize text) and printing
 * the transcript. Its own file: it changes the page's viewport.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { configure, type CareAdapter } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { capturePrints, expectAccessible, waitFor, widgetRoot } from '@careline/testing';
import '../define.js';
import type { EducatorChat } from './educator-chat.js';

let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;

beforeEach(() => {
  backend = createMockBackend({ educatorReplyDelayMs: 100 });
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  undo = configure({ adapter, namespace: `chat-layout-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`, outbox: { retry: { baseDelayMs: 30 } } });
});

afterEach(async () => {
  undo();
  adapter.dispose?.();
  backend.dispose();
  await setViewport({ width: 800, height: 600 });
});

const root = (chat: EducatorChat) => widgetRoot(chat);

async function openLauncher(): Promise<EducatorChat> {
  const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
  (await waitFor(() => root(chat).querySelector<HTMLButtonElement>('.launcher'))).click();
  await waitFor(() => root(chat).querySelector('textarea') && root(chat).querySelector('.availability')?.textContent?.includes('online'), { message: 'panel ready' });
  return chat;
}

/** Everything the patient needs is inside the viewport horizontally, and nothing scrolls sideways. */
function expectReflows(chat: EducatorChat): void {
  const viewport = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
  expect(document.documentElement.scrollWidth, 'no sideways scrolling of the page').to.be.at.most(viewport.width);
  const panel = root(chat).querySelector('.panel')!.getBoundingClientRect();
  expect(panel.left, 'panel starts inside the viewport').to.be.at.least(0);
  expect(panel.right, 'panel ends inside the viewport').to.be.at.most(viewport.width + 0.5);
  expect(panel.top, 'panel top is reachable').to.be.at.least(0);
  expect(panel.bottom, 'panel bottom is reachable').to.be.at.most(viewport.height + 0.5);
  for (const element of root(chat).querySelectorAll<HTMLElement>('.panel *')) {
    if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === 'visible' && element.clientWidth > 0) {
      throw new Error(`<${element.localName} class="${element.className}"> overflows sideways: ${element.scrollWidth} > ${element.clientWidth}`);
    }
  }
}

async function expectComposerUsable(chat: EducatorChat): Promise<void> {
  const textarea = root(chat).querySelector('textarea')!;
  textarea.focus();
  textarea.scrollIntoView({ block: 'nearest' });
  const box = textarea.getBoundingClientRect();
  expect(box.width, 'message box keeps a usable width').to.be.at.least(200);
  expect(parseFloat(getComputedStyle(textarea).fontSize), '16 px text, so phones do not zoom in').to.be.at.least(16);
  const send = root(chat).querySelector<HTMLButtonElement>('button[type="submit"]')!;
  send.scrollIntoView({ block: 'nearest' });
  const sendBox = send.getBoundingClientRect();
  expect(sendBox.bottom).to.be.at.most(document.documentElement.clientHeight + 0.5);
  expect(sendBox.height, 'send button is a comfortable target').to.be.at.least(24);
}

describe('<care-educator-chat> on small screens and zoomed in', function () {
  this.timeout(30_000);

  it('fits a 320 px wide phone: the panel fills the screen, nothing scrolls sideways, and the message box is usable', async () => {
    await setViewport({ width: 320, height: 568 });
    const chat = await openLauncher();
    expectReflows(chat);
    await expectComposerUsable(chat);
    const panel = root(chat).querySelector('.panel')!.getBoundingClientRect();
    expect(panel.width, 'the panel uses the whole width').to.be.at.least(300);
    await expectAccessible(chat);
  });

  it('reflows at 200% zoom of a 1280 × 720 screen (a 640 × 360 CSS viewport)', async () => {
    // Browser zoom halves the CSS viewport and doubles the device pixel ratio; this is what the page sees.
    await setViewport({ width: 640, height: 360, deviceScaleFactor: 2 });
    const chat = await openLauncher();
    expectReflows(chat);
    await expectComposerUsable(chat);
  });

  it('reflows at 400% zoom of a 1280 × 1024 screen (320 × 256) with the conversation still scrollable', async () => {
    await setViewport({ width: 320, height: 256 });
    const chat = await openLauncher();
    const textarea = root(chat).querySelector('textarea')!;
    textarea.value = 'Can I take ibuprofen with my blood pressure tablets?';
    textarea.dispatchEvent(new Event('input'));
    root(chat).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => root(chat).querySelector('.message.theirs'), { message: 'reply', timeout: 5000 });
    expectReflows(chat);
    await expectComposerUsable(chat);
    const mine = root(chat).querySelector<HTMLElement>('.message.mine')!;
    mine.scrollIntoView({ block: 'nearest' });
    const box = mine.getBoundingClientRect();
    expect(box.bottom > 0 && box.top < document.documentElement.clientHeight, 'the message can be scrolled into view').to.equal(true);
  });

  it('stays inside the page column when inline at 320 px', async () => {
    await setViewport({ width: 320, height: 568 });
    const chat = await fixture<EducatorChat>(html`<div style="max-width: 100%; padding: 8px"><care-educator-chat mode="inline"></care-educator-chat></div>`).then((wrapper) => wrapper.querySelector('care-educator-chat') as EducatorChat);
    await waitFor(() => root(chat).querySelector('textarea'), { message: 'composer' });
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    expect(chat.getBoundingClientRect().right).to.be.at.most(320 - 8 + 0.5);
    await expectComposerUsable(chat);
  });
});

describe('<care-educator-chat> printing the transcript', function () {
  this.timeout(30_000);

  it('prints only the transcript, in the page language, from a frame of its own', async () => {
    const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
    const textarea = await waitFor(() => root(chat).querySelector('textarea'));
    textarea.value = 'Please explain my **cholesterol** result';
    textarea.dispatchEvent(new Event('input'));
    root(chat).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => root(chat).querySelector('.message.theirs'), { message: 'reply', timeout: 5000 });

    // Catch the frame as it is added, before the chat asks it to print.
    const capture = capturePrints();
    try {
      [...root(chat).querySelectorAll<HTMLButtonElement>('.tools button')].find((button) => button.textContent?.trim() === 'Print transcript')!.click();
    } finally {
      capture.restore();
    }
    const printed = capture.pages[0] && { ...capture.pages[0], hostPage: !!capture.pages[0].document.querySelector('care-educator-chat') };
    expect(printed, 'print was called on the transcript frame').to.not.equal(undefined);
    expect(printed!.text).to.include('You: Please explain my **cholesterol** result');
    expect(printed!.text.indexOf('You: Please explain')).to.be.below(printed!.text.lastIndexOf(': '));
    expect(printed!.lang).to.equal('en');
    expect(printed!.hostPage, 'the host page is not printed').to.equal(false);
    const frame = root(chat).querySelector<HTMLIFrameElement>('iframe.print-frame')!;
    expect(getComputedStyle(frame).position === 'fixed' || frame.getBoundingClientRect().width === 0 || getComputedStyle(frame).visibility === 'hidden', 'the frame is not visible on screen').to.equal(true);
    await waitFor(() => !root(chat).querySelector('iframe.print-frame'), { message: 'frame removed after printing', timeout: 3000 });
  });
});
