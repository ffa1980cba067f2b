import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { expectAccessible, runAxe } from './a11y.js';
import { rejectionOf } from './fixtures.js';

// A tiny transparent image, so no test makes a network request.
const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

class BadForm extends LitElement {
  override render() {
    return html`<input type="text" /><img src=${PIXEL} />`;
  }
}
customElements.define('a11y-test-bad-form', BadForm);

class GoodForm extends LitElement {
  override render() {
    return html`<label for="name">Your name</label><input id="name" type="text" />
      <img src=${PIXEL} alt="St. Elsewhere logo" />`;
  }
}
customElements.define('a11y-test-good-form', GoodForm);

class ImageOnly extends LitElement {
  override render() {
    return html`<p>Scan result</p><img src=${PIXEL} />`;
  }
}
customElements.define('a11y-test-image-only', ImageOnly);

// A violation two shadow roots deep: outer host > inner host > unlabeled button.
class InnerWidget extends LitElement {
  override render() {
    return html`<button></button>`;
  }
}
customElements.define('a11y-test-inner', InnerWidget);
class OuterWidget extends LitElement {
  override render() {
    return html`<p>Outer</p><a11y-test-inner></a11y-test-inner>`;
  }
}
customElements.define('a11y-test-outer', OuterWidget);

describe('expectAccessible', () => {
  it('fails for an unlabeled input and an image without alt inside a shadow root', async () => {
    const element = await fixture(html`<a11y-test-bad-form></a11y-test-bad-form>`);
    const error = await rejectionOf(expectAccessible(element));
    expect(error).to.be.instanceOf(Error);
    const message = (error as Error).message;
    expect(message).to.contain('2 violations');
    expect(message).to.contain('image-alt');
    expect(message).to.match(/\[critical\] label: Form elements must have labels/);
    expect(message).to.contain('a11y-test-bad-form >>> input');
    expect(message).to.contain('<img src="data:image/gif');
  });

  it('passes for a labeled input and an image with alt', async () => {
    const element = await fixture(html`<a11y-test-good-form></a11y-test-good-form>`);
    await expectAccessible(element);
  });

  it('finds violations in nested shadow roots', async () => {
    const element = await fixture(html`<a11y-test-outer></a11y-test-outer>`);
    const error = await rejectionOf(expectAccessible(element));
    expect((error as Error).message).to.contain('button-name');
    expect((error as Error).message).to.contain('a11y-test-outer >>> a11y-test-inner >>> button');
  });

  it('can disable a rule when given a reason', async () => {
    const element = await fixture(html`<a11y-test-image-only></a11y-test-image-only>`);
    await rejectionOf(expectAccessible(element));
    await expectAccessible(element, { disabledRules: { 'image-alt': 'test of rule disabling' } });
  });

  it('refuses to disable a rule without a reason, or an unknown rule', async () => {
    const element = await fixture(html`<a11y-test-image-only></a11y-test-image-only>`);
    const noReason = await rejectionOf(expectAccessible(element, { disabledRules: { 'image-alt': '  ' } }));
    expect((noReason as Error).message).to.contain('needs a reason');
    const unknown = await rejectionOf(expectAccessible(element, { disabledRules: { 'image-alts': 'typo' } }));
    expect((unknown as Error).message).to.contain('unknown axe rule "image-alts"');
  });

  it('restricts the run to the given tags', async () => {
    const element = await fixture(html`<a11y-test-bad-form></a11y-test-bad-form>`);
    const wcag = await runAxe(element, { tags: ['wcag2a'] });
    expect(wcag.violations.map((v) => v.id)).to.include('label');
    // "label" is a WCAG rule, not a best-practice one.
    const bestPractice = await runAxe(element, { tags: ['best-practice'] });
    expect(bestPractice.violations.map((v) => v.id)).to.not.include('label');
  });
});
