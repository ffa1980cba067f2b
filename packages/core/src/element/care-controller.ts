/**
 * Resolves, for one widget, the configuration (provider → page default), the
 * locale (own `lang` → configuration → closest `[lang]`) and the translator,
 * and keeps them current whatever order scripts, providers and tags load in.
 */
import { ContextConsumer, ContextEvent } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PortName } from '../adapter.js';
import {
  careConfigContext,
  missingPortProblem,
  onConfigurationChange,
  pageConfigState,
  validateConfig,
  type CareConfig,
  type ConfigProblem,
  type ConfigState,
} from '../config/config.js';
import { Translator, directionOf, whenMessagesLoaded } from '../i18n/i18n.js';
import { closestLang, observeLangChanges } from '../i18n/locale.js';
import { registerCoreMessages } from '../i18n/core-messages.js';
import { registry, logProblemOnce } from '../registry.js';
import { afterRender } from './after-render.js';

/** How long after the page's `load` event a widget waits for configuration before saying it is missing. */
export const CONFIGURATION_GRACE_MS = 500;

export const PROVIDER_TAG = 'care-provider';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Unanswered context requests from widgets that upgrade before their provider are kept
 * and replayed when the provider appears (as @lit/context's ContextRoot does). Unlike
 * ContextRoot, requests of elements that have left the page are dropped, so a page that
 * adds and removes widgets without any provider does not collect them forever.
 */
function ensureContextRoot(): void {
  const reg = registry();
  if (reg.contextRootAttached) return;
  reg.contextRootAttached = true;
  type Request = ContextEvent<never>;
  type Pending = { element: WeakRef<Element>; callback: WeakRef<Request['callback']> };
  const pending = new Map<unknown, Pending[]>();
  const live = (entry: Pending) => entry.element.deref()?.isConnected === true && entry.callback.deref() !== undefined;
  const root = document.documentElement;
  root.addEventListener('context-request', (unanswered: Event) => {
    const event = unanswered as Request;
    if (event.subscribe !== true) return;
    const element = (event.contextTarget ?? event.composedPath()[0]) as Element;
    const kept = (pending.get(event.context) ?? []).filter((entry) => live(entry) && !(entry.element.deref() === element && entry.callback.deref() === event.callback));
    kept.push({ element: new WeakRef(element), callback: new WeakRef(event.callback) });
    pending.set(event.context, kept);
  });
  // A provider that appears announces itself with `context-provider` (its event carries `context`).
  root.addEventListener('context-provider', (event: Event & { context?: unknown }) => {
    const waiting = pending.get(event.context);
    if (!waiting) return;
    pending.delete(event.context);
    for (const entry of waiting.filter(live)) {
      entry.element.deref()!.dispatchEvent(new ContextEvent(event.context as never, entry.element.deref()!, entry.callback.deref()!, true));
    }
  });
}

function ensureCoreMessages(): void {
  if (!registry().messages.get('en')?.['core.loading']) registerCoreMessages();
}

let pageSettled: Promise<void> | undefined;
/** Resolves a moment after the page's `load` event: scripts that configure Careline have run by then. */
export function whenPageSettled(): Promise<void> {
  pageSettled ??= new Promise((resolve) => {
    const settle = () => setTimeout(resolve, CONFIGURATION_GRACE_MS);
    if (document.readyState === 'complete') settle();
    else window.addEventListener('load', settle, { once: true });
  });
  return pageSettled;
}

/** The nearest `<care-provider>` ancestor, crossing shadow roots. */
export function findProviderAncestor(element: Element): Element | undefined {
  let node: Node | null = element.parentNode ?? null;
  while (node) {
    if (node instanceof Element && node.localName === PROVIDER_TAG) return node;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return undefined;
}

/** English before a widget knows its locale: one for the page (a translator reads the tables as it translates). */
let englishTranslator: Translator | undefined;

export class CareController implements ReactiveController {
  state: ConfigState = { status: 'pending', reason: 'not connected' };
  translator: Translator = (englishTranslator ??= new Translator('en'));
  locale = 'en';
  dir: 'ltr' | 'rtl' = 'ltr';
  /** Set while the locale's message tables load; the element holds its render until then. */
  localeLoading: Promise<void> | undefined;
  private loadingLocale: string | undefined;

  private readonly host: Host;
  private readonly requiredPort: PortName | undefined;
  private providerState: ConfigState | undefined;
  private graceElapsed = false;
  private cleanups: Array<() => void> = [];
  private connected = false;

  constructor(host: Host, requiredPort?: PortName) {
    this.host = host;
    this.requiredPort = requiredPort;
    host.addController(this);
    // subscribe: a provider that changes its adapter or locale updates us.
    new ContextConsumer(host, {
      context: careConfigContext,
      subscribe: true,
      callback: (value) => {
        this.providerState = value;
        this.refresh();
      },
    });
  }

  /** The tag named in configuration problems: the public element's, for an element drawn inside one (see CareElement.reportedTag). */
  private get tag(): string {
    return (this.host.constructor as { reportedTag?: string }).reportedTag ?? this.host.localName;
  }

  get config(): CareConfig | undefined {
    return this.state.status === 'ready' ? this.state.config : undefined;
  }

  hostConnected(): void {
    this.connected = true;
    ensureCoreMessages();
    // Only a <care-provider> around this element that is not defined yet can miss its request.
    if (!customElements.get(PROVIDER_TAG) && findProviderAncestor(this.host)) ensureContextRoot();
    // Registry changes include newly registered message tables: always re-render for those.
    this.cleanups.push(onConfigurationChange(() => this.refresh(true)));
    // The page's lang observer from the task after the first render (creating it is not free); the
    // refresh then catches a `lang` changed in between.
    let stopObservingLang: (() => void) | undefined;
    const cancelObserving = afterRender(this.host, () => {
      stopObservingLang = observeLangChanges(() => this.refresh());
      this.refresh();
    });
    this.cleanups.push(() => (cancelObserving(), stopObservingLang?.()));
    this.refresh();
  }

  private waitingForGrace = false;
  /** A configuration still missing becomes a problem once the page has settled (see whenPageSettled). */
  private waitForGrace(): void {
    if (this.graceElapsed || this.waitingForGrace) return;
    this.waitingForGrace = true;
    void whenPageSettled().then(() => {
      this.graceElapsed = true;
      this.refresh();
    });
  }

  hostDisconnected(): void {
    this.connected = false;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** Recomputes state, locale and translator; asks the host to re-render when anything changed. */
  refresh(force = false): void {
    if (!this.connected) return;
    const state = this.resolveState();
    if (state.status === 'pending') this.waitForGrace();
    const locale = this.resolveLocale(state);
    const overrides = state.status === 'ready' ? state.config.translations : undefined;
    const changed = force || !sameState(state, this.state) || locale !== this.locale || overrides !== this.translatorOverrides;
    this.state = state;
    if (locale !== this.loadingLocale) {
      // Also when another widget started the load: each waits for it rather than showing English.
      // Loading registers the tables, which refreshes every widget (registry change) with them.
      const load = whenMessagesLoaded(locale);
      if (load) {
        const tracked: Promise<void> = load.finally(() => {
          if (this.localeLoading !== tracked) return;
          this.localeLoading = undefined;
          this.loadingLocale = undefined;
        });
        this.localeLoading = tracked;
        this.loadingLocale = locale;
      }
    }
    if (changed) {
      this.locale = locale;
      this.translator = new Translator(locale, overrides ?? {});
      this.translatorOverrides = overrides;
      this.dir = this.translator.dir === 'rtl' || directionOf(locale) === 'rtl' ? 'rtl' : 'ltr';
    }
    if (state.status === 'invalid') {
      logProblemOnce(`${state.problem.code}:${state.problem.fix}`, `<${this.tag}>: ${state.problem.fix}`);
    }
    if (changed) this.host.requestUpdate();
  }

  private translatorOverrides: CareConfig['translations'];

  private resolveState(): ConfigState {
    const tag = this.tag;
    let state: ConfigState;
    if (this.providerState) {
      state = this.providerState;
    } else {
      if (!customElements.get(PROVIDER_TAG) && findProviderAncestor(this.host)) {
        state = this.graceElapsed
          ? {
              status: 'invalid',
              problem: {
                code: 'missing',
                fix: `<${tag}> is inside a <care-provider>, but <care-provider> is not defined. Load the adapter's define.js (e.g. @careline/adapter-rest/define.js, which brings it), @careline/core/define.js, or the Careline loader script on this page.`,
              },
            }
          : { status: 'pending', reason: 'waiting for <care-provider> to be defined' };
      } else {
        state = pageConfigState();
        if (state.status === 'pending' && this.graceElapsed) {
          // A page-level provider in the markup whose code was never loaded: say that, not "no configuration".
          const undefinedProvider = !customElements.get(PROVIDER_TAG) && document.querySelector(PROVIDER_TAG) !== null;
          state = {
            status: 'invalid',
            problem: {
              code: 'missing',
              fix: undefinedProvider
                ? `<${tag}> found a <care-provider> on the page, but <care-provider> is not defined. Load the adapter's define.js (e.g. @careline/adapter-rest/define.js, which brings it), @careline/core/define.js, or the Careline loader script on this page.`
                : `<${tag}> found no configuration. Wrap it in <care-provider adapter="rest" endpoint="/api/careline/v1">, add <care-provider scope="page" …> anywhere on the page, or call configure({ adapter }) from @careline/core.`,
            },
          };
        }
      }
    }
    if (state.status === 'ready') {
      const problem: ConfigProblem | undefined =
        validateConfig(state.config) ??
        (this.requiredPort && !state.config.adapter[this.requiredPort] ? missingPortProblem(tag, this.requiredPort, state.config.adapter) : undefined);
      if (problem) return { status: 'invalid', problem };
    }
    return state;
  }

  private resolveLocale(state: ConfigState): string {
    const own = this.host.getAttribute('lang');
    if (own) return own;
    if (state.status === 'ready' && state.config.locale) return state.config.locale;
    return closestLang(this.host) ?? 'en';
  }
}

function sameState(a: ConfigState, b: ConfigState): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'ready' && b.status === 'ready') return a.config === b.config;
  if (a.status === 'invalid' && b.status === 'invalid') return a.problem.fix === b.problem.fix;
  return true;
}
