import { expect, fixture, html } from '@open-wc/testing';
import { startLoader, type CarelineLoader } from './loader.js';

/** Which widget packages the page has fetched code from. */
function fetchedPackages(): string[] {
  const names = performance.getEntriesByType('resource').map((entry) => entry.name);
  return ['educator-chat', 'record-viewer', 'community-feed', 'feedback-form', 'adapter-rest'].filter((name) => names.some((url) => url.includes(`/packages/${name}/`)));
}

let loader: CarelineLoader | undefined;
afterEach(() => loader?.stop());

describe('@careline/loader', () => {
  // Order matters: each test checks what the page has fetched so far.
  it('a page with one tag fetches that widget’s code and no other widget’s', async () => {
    expect(fetchedPackages()).to.deep.equal([]);
    const page = await fixture<HTMLDivElement>(html`<div><p>Old CMS content</p><care-community-feed></care-community-feed></div>`);
    loader = startLoader(page);
    await loader.idle();
    expect(customElements.get('care-community-feed')).to.be.a('function');
    expect(loader.requested).to.deep.equal(['care-community-feed']);
    expect(fetchedPackages()).to.deep.equal(['community-feed']);
    expect(customElements.get('care-educator-chat')).to.equal(undefined);
  });

  it('a tag added later is defined when it appears, its module requested once; the status page does not fetch the form', async () => {
    const page = await fixture<HTMLDivElement>(html`<div></div>`);
    loader = startLoader(page);
    await loader.idle();
    expect(loader.requested).to.deep.equal([]);
    const later = document.createElement('section');
    later.innerHTML = '<care-feedback-status></care-feedback-status><care-feedback-status></care-feedback-status>';
    page.append(later);
    await new Promise((resolve) => setTimeout(resolve));
    await loader.idle();
    expect(customElements.get('care-feedback-status')).to.be.a('function');
    expect(customElements.get('care-feedback-form')).to.equal(undefined);
    expect(loader.requested).to.deep.equal(['care-feedback-status']);
    const fetched = () => performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(fetched().some((url) => url.includes('/feedback-status/feedback-status.ts'))).to.equal(true);
    expect(fetched().some((url) => url.includes('/feedback-form/feedback-form.ts'))).to.equal(false);
    later.insertAdjacentHTML('beforeend', '<care-feedback-form></care-feedback-form><care-feedback-form></care-feedback-form>');
    await new Promise((resolve) => setTimeout(resolve));
    await loader.idle();
    expect(customElements.get('care-feedback-form')).to.be.a('function');
    expect(loader.requested).to.deep.equal(['care-feedback-status', 'care-feedback-form']);
    expect(fetchedPackages()).to.include('feedback-form');
    expect(fetchedPackages()).not.to.include('educator-chat');
    expect(fetchedPackages()).not.to.include('record-viewer');
  });

  it('a declarative provider brings the adapter it names, even when the attribute is set later', async () => {
    const page = await fixture<HTMLDivElement>(html`<div><care-provider scope="page"></care-provider></div>`);
    loader = startLoader(page);
    await loader.idle();
    // <care-provider> itself came with the first widget (core is shared); no adapter is named yet.
    expect(customElements.get('care-provider')).to.be.a('function');
    expect(loader.requested).not.to.include('adapter:rest');
    page.querySelector('care-provider')!.setAttribute('adapter', 'rest');
    await new Promise((resolve) => setTimeout(resolve));
    await loader.idle();
    expect(loader.requested).to.include('adapter:rest');
    expect(fetchedPackages()).to.include('adapter-rest');
  });

  it('a module that fails to load is reported and tried again when its tag appears again', async () => {
    let attempts = 0;
    const errors: string[] = [];
    const page = await fixture<HTMLDivElement>(html`<div><care-flaky-widget></care-flaky-widget></div>`);
    loader = startLoader(page, {
      elements: {
        'care-flaky-widget': async () => {
          attempts++;
          if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
          customElements.define('care-flaky-widget', class extends HTMLElement {});
        },
      },
      onError: (tag) => errors.push(tag),
    });
    await loader.idle();
    expect(errors).to.deep.equal(['care-flaky-widget']);
    expect(customElements.get('care-flaky-widget')).to.equal(undefined);
    page.append(document.createElement('care-flaky-widget'));
    await new Promise((resolve) => setTimeout(resolve));
    await loader.idle();
    expect(attempts).to.equal(2);
    expect(customElements.get('care-flaky-widget')).to.be.a('function');
  });
});
