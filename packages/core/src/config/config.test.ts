import { expect } from '@open-wc/testing';

/** Loads a scenario in a fresh document and returns it once its steps have run. */
async function scenario(steps: string[]): Promise<{ frame: HTMLIFrameElement; doc: Document; errors: () => string[] }> {
  const frame = document.createElement('iframe');
  frame.src = new URL(`./fixtures/load-order.html?steps=${steps.join(',')}`, import.meta.url).href;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const doc = frame.contentDocument!;
  await until(() => doc.body.dataset['stepsDone'] === 'true', `steps ${steps.join(',')} did not finish`);
  return { frame, doc, errors: () => (frame.contentWindow as unknown as { carelineErrors: string[] }).carelineErrors };
}

async function until(predicate: () => boolean, message: string, timeout = 4000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeout) throw new Error(`Timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function widgetTexts(doc: Document): string[] {
  return Array.from(doc.querySelectorAll('test-widget'), (widget) => widget.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

async function expectReady(steps: string[], expected: RegExp): Promise<void> {
  const { frame, doc, errors } = await scenario(steps);
  try {
    await until(() => widgetTexts(doc).length > 0 && widgetTexts(doc).every((text) => expected.test(text)), `widgets ready (${steps.join(' → ')}): ${widgetTexts(doc).join(' | ')}`);
    expect(errors(), 'no console errors').to.deep.equal([]);
  } finally {
    frame.remove();
  }
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('configuration resolves in every load order', function () {
  this.timeout(60_000);

  describe('through an ancestor <care-provider> with attributes only', () => {
    for (const order of permutations(['core', 'factory', 'widget'])) {
      for (const markupFirst of [true, false]) {
        const steps = markupFirst ? ['markup-provider', ...order] : [...order, 'markup-provider'];
        it(steps.join(' → '), () => expectReady(steps, /Ready with fake at \/api in en/));
      }
    }
  });

  describe('through a page-level <care-provider scope="page"> elsewhere in the page', () => {
    for (const order of permutations(['core', 'factory', 'widget'])) {
      const steps = ['markup-widget', 'markup-page-provider', ...order];
      it(steps.join(' → '), () => expectReady(steps, /Ready with fake at \/page in id/));
    }
  });

  describe('through configure() from JavaScript', () => {
    for (const steps of [
      ['markup-widget', 'widget', 'configure'],
      ['markup-widget', 'configure', 'widget'],
      ['configure', 'widget', 'markup-widget'],
      ['widget', 'markup-widget', 'configure'],
    ]) {
      it(steps.join(' → '), () => expectReady(steps, /Ready with fake in id/));
    }
  });

  it('takes the locale from the provider and switches to right-to-left for Persian', () =>
    expectReady(['core', 'factory', 'widget', 'markup-provider-fa'], /Ready with fake in fa \(rtl\)/));
});

describe('missing or wrong configuration', function () {
  this.timeout(20_000);

  it('shows a clear message in every widget and logs one console error naming the fix', async () => {
    const { frame, doc, errors } = await scenario(['widget', 'markup-two-widgets']);
    try {
      expect(widgetTexts(doc).every((text) => /Loading/.test(text)), 'loading while waiting for configuration').to.equal(true);
      await until(() => widgetTexts(doc).every((text) => text.includes('not available on this page')), 'missing message');
      const alert = doc.querySelector('test-widget')!.shadowRoot!.querySelector('[role="alert"]');
      expect(alert?.textContent).to.contain('configure({ adapter })');
      expect(errors().filter((e) => e.includes('[careline]'))).to.have.length(1);
      expect(errors()[0]).to.contain('<care-provider');
    } finally {
      frame.remove();
    }
  });

  it('recovers when configuration arrives late', async () => {
    const { frame, doc } = await scenario(['widget', 'markup-widget']);
    try {
      // The widget sits inside lang="id": the message is in Indonesian.
      await until(() => widgetTexts(doc).every((text) => text.includes('belum tersedia di halaman ini')), 'missing message first');
      const { configure } = (await (frame.contentWindow as unknown as { eval: (s: string) => Promise<unknown> }).eval(
        `import(${JSON.stringify(new URL('./config.ts', import.meta.url).href)})`,
      )) as typeof import('./config.js');
      configure({ adapter: { name: 'late', chat: {} as never } });
      await until(() => widgetTexts(doc).every((text) => text.includes('Ready with late')), 'ready after late configure()');
    } finally {
      frame.remove();
    }
  });

  it('names the missing capability when the adapter lacks the widget\'s port', async () => {
    const { frame, doc, errors } = await scenario(['widget', 'markup-widget', 'configure-portless']);
    try {
      await until(() => widgetTexts(doc).every((text) => text.includes('belum diatur dengan benar')), 'invalid message in Indonesian');
      expect(errors().join('\n')).to.contain('needs the "chat" capability, but the "portless" adapter does not provide it');
    } finally {
      frame.remove();
    }
  });

  it('explains that an adapter must be an object, not a name, in configure()', async () => {
    const { frame, doc, errors } = await scenario(['widget', 'markup-widget', 'configure-string']);
    try {
      await until(() => widgetTexts(doc).every((text) => text.includes('belum diatur dengan benar')), 'invalid message in Indonesian');
      expect(errors().join('\n')).to.contain('createRestAdapter');
    } finally {
      frame.remove();
    }
  });

  it('says which script to load for an unknown declarative adapter', async () => {
    const { frame, doc, errors } = await scenario(['core', 'widget', 'markup-provider-unknown']);
    try {
      await until(() => widgetTexts(doc).every((text) => text.includes('no adapter named "nosuch"')), 'unknown adapter message');
      expect(errors().filter((e) => e.includes('nosuch'))).to.have.length(1);
    } finally {
      frame.remove();
    }
  });

  it('says to load the provider\'s code for a page-level <care-provider> that is not defined', async () => {
    const { frame, doc, errors } = await scenario(['widget', 'markup-widget', 'markup-page-provider']);
    try {
      await until(() => widgetTexts(doc).every((text) => text.includes('belum tersedia di halaman ini')), 'missing message');
      expect(errors().join('\n')).to.contain('found a <care-provider> on the page, but <care-provider> is not defined');
      expect(errors().join('\n')).to.contain('@careline/adapter-rest/define.js');
    } finally {
      frame.remove();
    }
  });

  it('waits for an undefined <care-provider> and then says to load core', async () => {
    const { frame, doc } = await scenario(['widget', 'markup-provider']);
    try {
      await until(() => widgetTexts(doc).every((text) => text.includes('<care-provider> is not defined')), 'undefined provider message');
    } finally {
      frame.remove();
    }
  });
});
