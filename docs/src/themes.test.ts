// The two vendor themes (packages/core/themes/*.css): made only of custom properties and parts,
// applied by a class on an ancestor, switched live on the docs' themes example, and passing axe's
// colour-contrast rule with the feedback form and the chat, also with the form's errors shown.
import { expect } from '@open-wc/testing';
import { formatViolations } from '../../packages/testing/src/a11y.js';
import { widgetRoot } from '../../packages/testing/src/fixtures.js';
import { THEMES, type Page } from './render.js';
import { axeRun, deepElements, loadPage, loadPages, type LoadedPage } from './test-helpers.js';

const THEME_FILES = { dark: '/packages/core/themes/dark.css', 'high-contrast': '/packages/core/themes/high-contrast.css' } as const;

/** Each theme's colour tokens as written in its file. */
const EXPECTED = {
  dark: { surface: '#121a21', text: '#eef2f4', primary: '#8cc4f5', onPrimary: '#0a1520' },
  'high-contrast': { surface: '#ffffff', text: '#000000', primary: '#00307a', onPrimary: '#ffffff' },
} as const;

function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

const pages = await loadPages();
const themesPage = pages.find((page) => page.path === 'examples/themes.html') as Page;

describe('vendor theme files', () => {
  for (const [id, url] of Object.entries(THEME_FILES)) {
    it(`${id}.css uses only --care-* custom properties, and ::part() for anything else`, async () => {
      const response = await fetch(url);
      expect(response.status).to.equal(200);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(await response.text());
      const rules = Array.from(sheet.cssRules) as CSSStyleRule[];
      expect(rules.length).to.be.greaterThan(1);
      const themeClass = THEMES.find((theme) => theme.id === id)!.className;
      for (const rule of rules) {
        expect(rule.selectorText, 'scoped to the theme class').to.include(`.${themeClass}`);
        const properties = Array.from(rule.style);
        if (rule.selectorText.includes('::part(')) continue;
        for (const property of properties) expect(property, rule.selectorText).to.match(/^--care-/);
      }
      // Every global colour token is set, so the theme looks the same whatever the scheme.
      const tokens = rules.flatMap((rule) => Array.from(rule.style));
      for (const token of ['primary', 'on-primary', 'text', 'text-muted', 'surface', 'surface-alt', 'border', 'focus', 'error', 'on-error', 'success', 'warning-surface']) {
        expect(tokens, `--care-color-${token}`).to.include(`--care-color-${token}`);
      }
    });
  }
});

describe('vendor themes on live widgets', () => {
  let loaded: LoadedPage;

  before(async function (this: Mocha.Context) {
    this.timeout(90_000);
    loaded = await loadPage(themesPage);
  });

  after(() => loaded?.remove());

  const stage = () => loaded.document.getElementById('theme-stage')!;
  const form = () => loaded.document.querySelector('care-feedback-form')!;
  const chat = () => loaded.document.querySelector('care-educator-chat')!;
  const root = (element: Element) => widgetRoot(element).querySelector('[part~="base"]')!;
  const style = (element: Element) => loaded.window.getComputedStyle(element);

  async function choose(themeId: string): Promise<void> {
    const radio = Array.from(loaded.document.querySelectorAll<HTMLInputElement>('[data-theme-switcher] input[type="radio"]')).find(
      (input) => input.value === (THEMES.find((theme) => theme.id === themeId)?.className ?? ''),
    )!;
    radio.click();
    await new Promise((resolve) => loaded.window.requestAnimationFrame(() => resolve(undefined)));
  }

  async function expectContrast(context: Element, label: string): Promise<void> {
    const results = await axeRun(loaded, context, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations', 'passes'] });
    if (results.violations.length > 0) expect.fail(`${label}\n${formatViolations(context, results.violations)}`);
    // Something was really checked: axe found text whose contrast it could measure.
    expect(results.passes.map((rule) => rule.id), `${label}: nodes checked`).to.include('color-contrast');
  }

  it('the switcher puts the theme class on the stage and takes it off again', async () => {
    await choose('dark');
    expect(stage().classList.contains('care-theme-dark')).to.equal(true);
    await choose('high-contrast');
    expect([stage().classList.contains('care-theme-dark'), stage().classList.contains('care-theme-high-contrast')]).to.deep.equal([false, true]);
    await choose('default');
    expect(stage().className).to.equal('example-stage theme-stage');
  });

  for (const themeId of ['dark', 'high-contrast'] as const) {
    describe(themeId, () => {
      before(async () => {
        await choose(themeId);
      });

      it('reaches into the shadow roots: surfaces, text and buttons take the theme colours', () => {
        const expected = EXPECTED[themeId];
        for (const widget of [form(), chat()]) {
          expect(style(root(widget)).backgroundColor, `${widget.localName} surface`).to.equal(rgb(expected.surface));
          expect(style(root(widget)).color, `${widget.localName} text`).to.equal(rgb(expected.text));
        }
        const button = form().shadowRoot!.querySelector('button[type="submit"].care-button')!;
        expect(style(button).backgroundColor, 'primary button').to.equal(rgb(expected.primary));
        expect(style(button).color, 'text on primary').to.equal(rgb(expected.onPrimary));
        expect(style(root(form())).colorScheme, 'native controls').to.equal(themeId === 'dark' ? 'dark' : 'light');
      });

      it('only inside the themed ancestor: a widget outside it keeps the defaults', () => {
        const outside = loaded.document.createElement('div');
        loaded.document.querySelector('main')!.append(outside);
        try {
          expect(style(outside).getPropertyValue('--care-color-surface')).to.equal('');
          expect(style(stage()).getPropertyValue('--care-color-surface').trim()).to.equal(EXPECTED[themeId].surface);
        } finally {
          outside.remove();
        }
      });

      it('the feedback form passes axe colour contrast', async function (this: Mocha.Context) {
        this.timeout(45_000);
        await expectContrast(form(), `${themeId}: feedback form`);
      });

      it('the chat passes axe colour contrast', async function (this: Mocha.Context) {
        this.timeout(45_000);
        await expectContrast(chat(), `${themeId}: educator chat`);
      });

      it('the feedback form with its error summary and inline errors passes axe colour contrast', async function (this: Mocha.Context) {
        this.timeout(45_000);
        const submit = form().shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
        submit.click();
        const started = performance.now();
        while (!form().shadowRoot!.querySelector('[part~="error-summary"]')) {
          if (performance.now() - started > 15_000) throw new Error('No error summary after sending an empty form');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const errors = deepElements(form().shadowRoot!).filter((element) => element.matches('[part~="error-summary"], .care-field__error, [id$="-error"]'));
        expect(errors.length).to.be.greaterThan(0);
        await expectContrast(form(), `${themeId}: feedback form with errors`);
        await expectContrast(loaded.document.getElementById('theme-stage')!, `${themeId}: the whole stage`);
      });
    });
  }
});
