/**
 * The snippets of docs/frameworks.md, run as an app in each framework would run them:
 * the element renders, attributes arrive, and a `care-*` event reaches the framework's handler.
 */
import { expect } from '@open-wc/testing';
import { configure } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch } from '@careline/mock';
import { expectAccessible, waitFor } from '@careline/testing';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createApp } from 'vue';
import '@angular/compiler'; // JIT, as in an app without the Angular CLI's ahead-of-time build
import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
import { FeedbackSection as ReactFeedbackSection } from './react/feedback-section.js';
import { FeedbackSection as VueFeedbackSection } from './vue/feedback-section.js';
import { FeedbackSectionComponent } from './angular/feedback-section.component.js';

let undo: () => void = () => undefined;
beforeEach(() => {
  const backend = createMockBackend({ minFeedbackFillSeconds: 0 });
  undo = configure({ adapter: createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) }), namespace: `frameworks-${Date.now().toString(36)}` });
});
afterEach(() => undo());

/** The form offers exactly the kinds the snippet asked for; choosing one fires care-feedback-start. */
async function chooseComplaint(host: Element): Promise<HTMLElement> {
  const form = await waitFor(() => host.querySelector('care-feedback-form'), { message: 'the form is in the page' });
  const root = await waitFor(() => form.shadowRoot?.querySelector('#feedback-kind-complaint') && form.shadowRoot, { message: 'the form rendered' });
  expect([...root.querySelectorAll<HTMLInputElement>('input[name="feedback-kind"]')].map((input) => input.value)).to.deep.equal(['compliment', 'complaint']);
  root.querySelector<HTMLInputElement>('#feedback-kind-complaint')!.click();
  return form as HTMLElement;
}

describe('framework snippets (docs/frameworks.md)', () => {
  it('React: attributes as props, the care-feedback-start event through oncare-feedback-start', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const chosen: string[] = [];
    const root = createRoot(host);
    flushSync(() => root.render(createElement(ReactFeedbackSection, { onKindChosen: (kind) => chosen.push(kind) })));
    const form = await chooseComplaint(host);
    await waitFor(() => chosen.length > 0, { message: 'React heard the event' });
    expect(chosen).to.deep.equal(['complaint']);
    expect(form.getAttribute('emergency-number')).to.equal('112');
    await expectAccessible(host);
    root.unmount();
    host.remove();
  });

  it('Vue: the template binds @care-feedback-start', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const chosen: string[] = [];
    const app = createApp(VueFeedbackSection, { onKindChosen: (kind: string) => chosen.push(kind) });
    app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('care-');
    app.mount(host);
    await chooseComplaint(host);
    await waitFor(() => chosen.length > 0, { message: 'Vue heard the event' });
    expect(chosen).to.deep.equal(['complaint']);
    await expectAccessible(host);
    app.unmount();
    host.remove();
  });

  it('Angular: CUSTOM_ELEMENTS_SCHEMA and (care-feedback-start) in a standalone component', async () => {
    const host = document.createElement('app-feedback-section');
    document.body.append(host);
    const app = await bootstrapApplication(FeedbackSectionComponent, { providers: [provideZonelessChangeDetection()] });
    const chosen: string[] = [];
    app.components[0]!.instance.kindChosen.subscribe((kind: string) => chosen.push(kind));
    await chooseComplaint(host);
    await waitFor(() => chosen.length > 0, { message: 'Angular heard the event' });
    expect(chosen).to.deep.equal(['complaint']);
    await expectAccessible(host);
    app.destroy();
    host.remove();
  });

  it('docs/frameworks.md shows exactly these files', async () => {
    const docs = await (await fetch('/docs/frameworks.md')).text();
    for (const file of ['react/feedback-section.tsx', 'react/careline-jsx.ts', 'vue/feedback-section.ts', 'angular/feedback-section.component.ts']) {
      const source = await (await fetch(`/__careline/source/packages/framework-examples/src/${file}`)).text();
      expect(docs, `docs/frameworks.md includes ${file} as it is`).to.include(source.trim());
    }
  });
});
