import { LitElement, css, html, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import { property } from 'lit/decorators.js';
import type { CareAdapter } from '../adapter.js';
import {
  adapterFactory,
  careConfigContext,
  configure,
  onConfigurationChange,
  validateConfig,
  providerLineage,
  type CareConfig,
  type ColorScheme,
  type ConfigState,
  type ThemeConfig,
} from '../config/config.js';
import type { TranslationOverrides } from '../i18n/i18n.js';
import { CONFIGURATION_GRACE_MS, whenPageSettled } from '../element/care-controller.js';
import { logProblemOnce } from '../registry.js';

/** Attributes the provider itself reads; every other attribute is passed to the adapter factory. */
const OWN_ATTRIBUTES = new Set(['adapter', 'locale', 'namespace', 'scheme', 'scope']);
/**
 * HTML's global attributes, which a CMS or a script may set or change at any time: never adapter
 * options, so changing one never rebuilds the adapter (that would drop its connections).
 */
const GLOBAL_ATTRIBUTES = new Set([
  'id', 'class', 'style', 'lang', 'dir', 'hidden', 'slot', 'title', 'role', 'tabindex', 'part', 'exportparts', 'nonce', 'inert', 'translate', 'is',
  'accesskey', 'autofocus', 'autocapitalize', 'contenteditable', 'draggable', 'enterkeyhint', 'inputmode', 'popover', 'spellcheck',
  'itemid', 'itemprop', 'itemref', 'itemscope', 'itemtype',
]);
const isAdapterOption = (name: string) => !OWN_ATTRIBUTES.has(name) && !GLOBAL_ATTRIBUTES.has(name) && !name.startsWith('data-') && !name.startsWith('aria-');

/**
 * Gives the Careline widgets inside it (or, with `scope="page"`, on the whole
 * page) their adapter, locale, translations and theme — with attributes only,
 * for CMSs that strip scripts, or with properties from JavaScript.
 *
 * @tagname care-provider
 * @summary Configures the Careline widgets it contains, or the whole page.
 *
 * @slot - The widgets (and any other content) this configuration applies to.
 *
 * @cssproperty [--care-color-primary=#005eb8] - Main brand colour of every widget inside. Any `--care-*` token set on the provider is inherited by its widgets.
 *
 * @example
 * <care-provider adapter="rest" endpoint="/api/careline/v1" locale="id">
 *   <care-educator-chat></care-educator-chat>
 * </care-provider>
 */
export class CareProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents !important;
    }
  `;

  /** Name of a registered adapter factory, e.g. `rest` (from @careline/adapter-rest/define.js) or `mock`. Ignored when `adapterInstance` is set. */
  @property({ attribute: 'adapter' }) adapterName: string | undefined;

  /** An adapter object built in JavaScript. Takes precedence over the `adapter` attribute. */
  @property({ attribute: false }) adapterInstance: CareAdapter | undefined;

  /** Language for the widgets inside (BCP 47), overriding the page's `lang`. */
  @property() locale: string | undefined;

  /** Storage namespace separating stored drafts and unsent writes of different apps on one origin. */
  @property() namespace: string | undefined;

  /** `light`, `dark` or `auto` (follow the visitor's system). */
  @property() scheme: ColorScheme | undefined;

  /** `page` makes this configuration the page default for widgets anywhere on the page. */
  @property() scope: 'subtree' | 'page' = 'subtree';

  /** Per-locale string overrides, e.g. `{ en: { 'core.loading': 'One moment…' } }`. */
  @property({ attribute: false }) translations: TranslationOverrides | undefined;

  /** Theme tokens, e.g. `{ tokens: { '--care-color-primary': '#7a0019' } }`. */
  @property({ attribute: false }) theme: ThemeConfig | undefined;

  private readonly provider = new ContextProvider(this, { context: careConfigContext, initialValue: undefined });
  private builtAdapter: CareAdapter | undefined;
  private builtFrom = '';
  private graceElapsed = false;
  private undoPageConfig: (() => void) | undefined;
  private stopListening: (() => void) | undefined;
  private attributeObserver: MutationObserver | undefined;

  /** The state the provider currently gives its widgets. */
  get state(): ConfigState | undefined {
    return this.provider.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Adapter factories may register after this element upgrades (script order on legacy pages).
    this.stopListening = onConfigurationChange(() => this.publish());
    // Factory options come from arbitrary attributes (endpoint, client-id…), which Lit does not observe.
    this.attributeObserver = new MutationObserver(() => this.publish());
    this.attributeObserver.observe(this, { attributes: true });
    // A provider inserted by script usually gets its adapter property a moment later:
    // give it its own grace period, not only the page's.
    const connectedGrace = new Promise((resolve) => setTimeout(resolve, CONFIGURATION_GRACE_MS));
    void Promise.all([whenPageSettled(), connectedGrace]).then(() => {
      this.graceElapsed = true;
      this.publish();
    });
    this.publish();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
    this.attributeObserver?.disconnect();
    this.undoPageConfig?.();
    this.undoPageConfig = undefined;
    this.builtAdapter?.dispose?.();
    this.builtAdapter = undefined;
    this.builtFrom = '';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.publish();
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  private factoryOptions(): Record<string, string> {
    const options: Record<string, string> = {};
    for (const { name, value } of Array.from(this.attributes)) {
      if (isAdapterOption(name)) options[name] = value;
    }
    return options;
  }

  private resolveAdapter(): { adapter: CareAdapter } | { state: ConfigState } {
    if (this.adapterInstance) return { adapter: this.adapterInstance };
    const name = this.adapterName?.trim();
    if (!name) {
      return this.graceElapsed
        ? {
            state: {
              status: 'invalid',
              problem: {
                code: 'missing',
                fix: '<care-provider> has no adapter. Add an adapter attribute (e.g. adapter="rest" endpoint="/api/careline/v1") or set its adapterInstance property.',
              },
            },
          }
        : { state: { status: 'pending', reason: 'provider has no adapter yet' } };
    }
    const factory = adapterFactory(name);
    if (!factory) {
      return this.graceElapsed
        ? {
            state: {
              status: 'invalid',
              problem: {
                code: 'unknown-adapter',
                fix: `<care-provider adapter="${name}">: no adapter named "${name}" is loaded. Load its define script (for "rest": @careline/adapter-rest/define.js), or use the Careline loader script.`,
              },
            },
          }
        : { state: { status: 'pending', reason: `waiting for the "${name}" adapter to load` } };
    }
    const options = this.factoryOptions();
    const signature = `${name}\u0000${JSON.stringify(options)}`;
    if (this.builtAdapter && signature === this.builtFrom) return { adapter: this.builtAdapter };
    try {
      const adapter = factory(options);
      this.builtAdapter?.dispose?.();
      this.builtAdapter = adapter;
      this.builtFrom = signature;
      return { adapter };
    } catch (error) {
      return {
        state: {
          status: 'invalid',
          problem: { code: 'adapter-failed', fix: `<care-provider adapter="${name}">: ${error instanceof Error ? error.message : String(error)}` },
        },
      };
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // `scope` is the provider's own; a value other than page/subtree was meant for an adapter (SMART scopes).
    if (changed.has('scope') && this.scope && this.scope !== 'page' && this.scope !== 'subtree') {
      logProblemOnce(`provider-scope:${this.scope}`, `<care-provider scope="${this.scope}">: scope is "page" or "subtree" (the default). For the FHIR adapter's SMART scopes use smart-scope="…".`);
    }
  }

  /** Computes the state and hands it to widgets (and to the page default with scope="page"). */
  private publish(): void {
    if (!this.isConnected) return;
    const resolved = this.resolveAdapter();
    let next: ConfigState;
    if ('state' in resolved) {
      next = resolved.state;
    } else {
      const config: CareConfig = {
        adapter: resolved.adapter,
        locale: this.locale || undefined,
        namespace: this.namespace || undefined,
        translations: this.translations,
        theme: this.scheme || this.theme ? { ...this.theme, scheme: this.scheme ?? this.theme?.scheme } : undefined,
      };
      const previous = this.provider.value;
      const unchanged =
        previous?.status === 'ready' &&
        previous.config.adapter === config.adapter &&
        (['locale', 'namespace', 'translations', 'theme'] as const).every((key) => JSON.stringify(previous.config[key]) === JSON.stringify(config[key]));
      if (unchanged) return;
      const problem = validateConfig(config);
      if (!problem) providerLineage(config, previous?.status === 'ready' ? previous.config : undefined);
      next = problem ? { status: 'invalid', problem } : { status: 'ready', config };
    }
    if (next.status !== 'ready' && JSON.stringify(next) === JSON.stringify(this.provider.value)) return;
    this.provider.setValue(next, true);
    this.undoPageConfig?.();
    this.undoPageConfig = undefined;
    if (this.scope === 'page' && next.status === 'ready') this.undoPageConfig = configure(next.config);
  }
}
