/**
 * Configuration: which adapter, locale, translations and theme a widget uses.
 *
 * Sources, nearest first: a `<care-provider>` ancestor (through @lit/context),
 * then the page default set once by `configure()` or by `<care-provider scope="page">`.
 */
import { createContext } from '@lit/context';
import type { CareAdapter, PortName } from '../adapter.js';
import type { TranslationOverrides } from '../i18n/i18n.js';
import type { RetryPolicy } from '../outbox/outbox.js';
import { registry, notifyRegistryChange, type AdapterFactory } from '../registry.js';

export type ColorScheme = 'light' | 'dark' | 'auto';

export interface ThemeConfig {
  /** `auto` follows the visitor's system setting. */
  scheme?: ColorScheme;
  /** Design tokens applied to every widget, e.g. `{ '--care-color-primary': '#005eb8' }`. */
  tokens?: Readonly<Record<`--care-${string}`, string>>;
}

export interface CareConfig {
  adapter: CareAdapter;
  /** BCP 47 tag. When absent the closest `[lang]` ancestor decides. */
  locale?: string | undefined;
  translations?: TranslationOverrides | undefined;
  theme?: ThemeConfig | undefined;
  /**
   * Separates stored data (outbox, drafts) of different hospitals or apps on
   * one origin. Letters, digits, `-` and `_` only. Default "default".
   */
  namespace?: string | undefined;
  /** Outbox tuning, read when the namespace's outbox is first created. */
  outbox?: { retry?: Partial<RetryPolicy> | undefined } | undefined;
}

/** What a provider hands its descendants, or what the page default resolves to. */
export type ConfigState =
  | { status: 'ready'; config: CareConfig }
  | { status: 'pending'; reason: string }
  | { status: 'invalid'; problem: ConfigProblem };

export interface ConfigProblem {
  /** Stable id, so each problem is logged once per page. */
  code: 'missing' | 'not-an-adapter' | 'unknown-adapter' | 'adapter-failed' | 'missing-port' | 'bad-namespace' | 'bad-locale';
  /** English, for the web team: what is wrong and exactly how to fix it. */
  fix: string;
}

/** Symbol.for keeps the key equal across two copies of core on one page. */
export const careConfigContext = createContext<ConfigState | undefined>(Symbol.for('careline.config'));

const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a configuration object for the mistakes web teams actually make. */
export function validateConfig(config: unknown): ConfigProblem | undefined {
  if (typeof config !== 'object' || config === null) {
    return { code: 'missing', fix: 'configure() needs an object such as configure({ adapter: createRestAdapter({ baseUrl: "/api/careline/v1" }) }).' };
  }
  const { adapter, namespace, locale } = config as Partial<CareConfig>;
  if (typeof adapter !== 'object' || adapter === null || typeof (adapter as CareAdapter).name !== 'string') {
    return {
      code: 'not-an-adapter',
      fix: 'The "adapter" option must be an adapter object made by a factory, e.g. createRestAdapter({ baseUrl: "/api/careline/v1" }) from @careline/adapter-rest.',
    };
  }
  if (namespace !== undefined && !NAMESPACE_PATTERN.test(namespace)) {
    return { code: 'bad-namespace', fix: `The namespace "${String(namespace)}" may only contain letters, digits, "-" and "_" (at most 64).` };
  }
  if (locale !== undefined) {
    try {
      Intl.getCanonicalLocales(locale);
    } catch {
      return { code: 'bad-locale', fix: `The locale "${String(locale)}" is not a valid language tag. Use one such as "en", "id", "ms" or "fa".` };
    }
  }
  return undefined;
}

/** The problem for a widget whose adapter lacks the port it needs. */
export function missingPortProblem(tag: string, port: PortName, adapter: CareAdapter): ConfigProblem {
  return {
    code: 'missing-port',
    fix: `<${tag}> needs the "${port}" capability, but the "${adapter.name}" adapter does not provide it. Use an adapter with a ${port} port, or remove <${tag}> from this page.`,
  };
}

/**
 * Sets the page default configuration, used by every widget without a
 * `<care-provider>` ancestor. Call it once, in any order relative to the tags.
 * Returns a function that removes this configuration again.
 */
export function configure(config: CareConfig): () => void {
  const problem = validateConfig(config);
  const reg = registry();
  reg.pageConfig = problem ? undefined : { ...config };
  // A provider's configuration made the page default keeps its lineage; the host's own call
  // starts a new one, even with the same object (a sign-in without a reload, say).
  if (reg.pageConfig && lineages().has(config)) lineages().set(reg.pageConfig, lineageOf(config));
  reg.pageProblem = problem;
  notifyRegistryChange();
  const applied = reg.pageConfig;
  return () => {
    if (reg.pageConfig === applied) {
      reg.pageConfig = undefined;
      reg.pageProblem = undefined;
      notifyRegistryChange();
    }
  };
}

/** The page default as a state; `pending` until something configures it. */
export function pageConfigState(): ConfigState {
  const reg = registry();
  if (reg.pageConfig) return { status: 'ready', config: reg.pageConfig };
  if (reg.pageProblem) return { status: 'invalid', problem: reg.pageProblem };
  return { status: 'pending', reason: 'no page configuration yet' };
}

/**
 * Makes an adapter available to declarative configuration:
 * `<care-provider adapter="rest" endpoint="/api/careline/v1">`.
 */
export function registerAdapterFactory(name: string, factory: AdapterFactory): void {
  const factories = registry().adapterFactories;
  // Two copies of an adapter package on one page: the first registration stays.
  if (!factories.has(name)) {
    factories.set(name, factory);
    notifyRegistryChange();
  }
}

export function adapterFactory(name: string): AdapterFactory | undefined {
  return registry().adapterFactories.get(name);
}

/** Subscribes to any change of page configuration, adapter factories or messages. */
export function onConfigurationChange(listener: () => void): () => void {
  const listeners = registry().listeners;
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Which configuration each configuration continues (see {@link lineageOf}); shared by every copy of core. */
function lineages(): WeakMap<CareConfig, object> {
  const services = registry().services;
  let map = services.get('config-lineages') as WeakMap<CareConfig, object> | undefined;
  if (!map) services.set('config-lineages', (map = new WeakMap()));
  return map;
}

/**
 * @internal Configurations of one lineage differ only in how they present things (a provider's
 * locale, translations or theme changed; same adapter and namespace). A sign-out on the page
 * holds across them; `configure()` by the host, another adapter or another namespace starts a new one.
 */
export function lineageOf(config: CareConfig): object {
  return lineages().get(config) ?? config;
}

/**
 * @internal Marks a configuration a provider built: one that keeps `previous`'s adapter and
 * namespace continues its lineage; any other starts its own.
 */
export function providerLineage(config: CareConfig, previous: CareConfig | undefined): void {
  const continues = previous !== undefined && config.adapter === previous.adapter && config.namespace === previous.namespace;
  lineages().set(config, continues ? lineageOf(previous) : config);
}
