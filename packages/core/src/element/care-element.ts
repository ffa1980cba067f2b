/**
 * The base class of every Careline widget.
 *
 * It resolves configuration and locale (see CareController), renders the
 * loading and configuration-problem states itself, applies the configured
 * theme, and contains rendering failures so they never break the host page.
 */
import { LitElement, ReactiveElement, html, render, type PropertyValues, type TemplateResult, type CSSResultGroup } from 'lit';
import type { PortName, Session } from '../adapter.js';
import { lineageOf, type CareConfig, type ColorScheme, type ThemeConfig } from '../config/config.js';
import type { Translator } from '../i18n/i18n.js';
import { listenForWipes } from '../storage/wipe-notices.js';
import { hostStyles } from '../theme/theme.styles.js';
import { CareController } from './care-controller.js';
import { configProblemTemplate, errorTemplate, loadingTemplate } from './states.js';

const themeSheets = new WeakMap<ThemeConfig, CSSStyleSheet>();

/** Puts the configured tokens on `:host` in `sheet`, so page CSS still wins over them. */
function writeTokens(sheet: CSSStyleSheet, tokens: NonNullable<ThemeConfig['tokens']>): void {
  sheet.insertRule(':host {}');
  const rule = sheet.cssRules[0] as CSSStyleRule;
  for (const [name, value] of Object.entries(tokens)) {
    // setProperty cannot be abused to inject rules the way string concatenation could.
    if (name.startsWith('--care-') && typeof value === 'string') rule.style.setProperty(name, value);
  }
}

/** One constructed sheet per theme, shared by every widget it applies to. */
function themeSheet(theme: ThemeConfig): CSSStyleSheet | undefined {
  if (!theme.tokens) return undefined;
  let sheet = themeSheets.get(theme);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    writeTokens(sheet, theme.tokens);
    themeSheets.set(theme, sheet);
  }
  return sheet;
}

export abstract class CareElement extends LitElement {
  static override styles: CSSResultGroup = [hostStyles];

  /** The adapter port this widget cannot work without; checked before rendering. */
  static requiredPort: PortName | undefined = undefined;

  /**
   * The tag that configuration problems name. An element drawn inside a public one (the
   * chat inside `<care-educator-chat>`) names that one: it is the tag the page has.
   */
  static reportedTag: string | undefined = undefined;

  /** @internal Configuration and locale; public so that a widget's views loaded on demand (separate modules) can read them. */
  readonly care: CareController = new CareController(this, (this.constructor as typeof CareElement).requiredPort);
  private baseSheets: CSSStyleSheet[] | undefined;
  /** The theme's tokens where stylesheets cannot be adopted (see applyTheme). */
  private themeStyle: HTMLStyleElement | undefined;
  private appliedTheme: ThemeConfig | undefined;
  private failure: unknown;
  private stopListeningForWipes: (() => void) | undefined;
  private configAtWipe: CareConfig | undefined;
  /**
   * Careline's data was wiped on this page (sign-out) and nothing has configured it since: the
   * widget acts for a visitor who has not signed in and fetches nothing personal by itself, even if
   * the backend still knows the last person (its sign-out failed, or only the browser was wiped).
   * Cleared by a new configuration (`configure()`, another adapter or namespace on a provider) or a
   * reload; a provider's change of locale, translations or theme is not one.
   */
  protected signedOutHere = false;
  /** How many wipes this widget has heard: async work that began before one checks it and drops what it would have shown or stored. */
  protected wipes = 0;

  /**
   * Whether `session` (the backend's answer) counts as signed in here: never after a sign-out on
   * this page, whatever the backend still says (see signedOutHere).
   */
  protected signedInBy(session: Session | undefined): boolean {
    return !this.signedOutHere && session?.status === 'signed-in';
  }

  /** @internal The translator for the current locale (public for the same reason as `care`). */
  get t(): Translator {
    return this.care.translator;
  }

  /**
   * A page in Persian must not flash English while its tables load (one small chunk, once
   * per page): the update waits for them. At once when the tables are in memory.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.care.localeLoading;
    if (loading) return loading.then(() => super.scheduleUpdate());
    return super.scheduleUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopListeningForWipes = listenForWipes(() => {
      const firstNotice = !this.signedOutHere;
      this.signedOutHere = true;
      this.wipes++;
      this.configAtWipe = this.care.config;
      this.forgetPersonalData(firstNotice);
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListeningForWipes?.();
    this.stopListeningForWipes = undefined;
  }

  /**
   * Careline's data was wiped (sign-out, here or in another tab): drop what this widget holds
   * in memory — what it shows of the patient and what they typed — and show what a visitor
   * who has not signed in sees. Called as the wipe starts and again as it ends (it must be safe to
   * call twice), and nothing here may write to storage. `firstNotice` is false when the page was
   * already signed out (the second call of one sign-out): what the widget asked the backend for at
   * the first call is already a visitor's, and need not be asked for again.
   */
  protected forgetPersonalData(_firstNotice: boolean): void {}

  /** Renders the widget once configuration is ready. */
  protected abstract renderReady(config: CareConfig): TemplateResult;

  /**
   * What the widget shows while its configuration is on its way (a provider or an adapter still
   * loading): "Loading…". A widget whose first view needs no configuration draws that view instead.
   */
  protected renderBeforeConfiguration(): TemplateResult {
    return loadingTemplate(this.t);
  }

  protected override render(): TemplateResult {
    const { state } = this.care;
    const scheme: ColorScheme = (state.status === 'ready' && state.config.theme?.scheme) || 'auto';
    let body: TemplateResult;
    if (this.failure !== undefined) body = errorTemplate(this.t, () => this.recover());
    else if (state.status === 'ready') body = this.renderReady(state.config);
    else if (state.status === 'invalid') body = configProblemTemplate(this.t, state.problem);
    else body = this.renderBeforeConfiguration();
    return html`<div class="care-root" part="base" dir=${this.care.dir} lang=${this.care.locale} data-scheme=${scheme}>${body}</div>`;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Only a new configuration (not a provider's change of language or theme) ends it: see lineageOf.
    const config = this.care.config;
    if (this.signedOutHere && config !== this.configAtWipe && (!config || !this.configAtWipe || lineageOf(config) !== lineageOf(this.configAtWipe))) this.signedOutHere = false;
    this.applyTheme(this.care.config?.theme);
  }

  /**
   * A bug in one widget must not take the host page down with it: show the
   * error state, log once, and let "Try again" re-render.
   */
  protected override update(changed: PropertyValues): void {
    try {
      super.update(changed);
    } catch (error) {
      // A throwing render() skips ReactiveElement.update, which marks the cycle done;
      // without this no later requestUpdate() would ever render again.
      (ReactiveElement.prototype as unknown as { update(changed: PropertyValues): void }).update.call(this, changed);
      this.failure = error;
      console.error(`[careline] <${this.localName}> failed to render.`, error);
      render(html`<div class="care-root" part="base" dir=${this.care.dir} lang=${this.care.locale}>${errorTemplate(this.t, () => this.recover())}</div>`, this.renderRoot, this.renderOptions);
    }
  }

  private recover(): void {
    this.failure = undefined;
    this.requestUpdate();
  }

  private applyTheme(theme: ThemeConfig | undefined): void {
    if (theme === this.appliedTheme || !this.shadowRoot) return;
    this.appliedTheme = theme;
    if (!this.shadowRoot.adoptedStyleSheets) {
      // Safari before 16.4 has no constructable stylesheets (Lit drew its styles as <style> elements).
      this.themeStyle?.remove();
      this.themeStyle = undefined;
      if (!theme?.tokens) return;
      this.themeStyle = document.createElement('style');
      this.shadowRoot.append(this.themeStyle);
      writeTokens(this.themeStyle.sheet!, theme.tokens);
      return;
    }
    this.baseSheets ??= [...this.shadowRoot.adoptedStyleSheets];
    const sheet = theme ? themeSheet(theme) : undefined;
    this.shadowRoot.adoptedStyleSheets = sheet ? [...this.baseSheets, sheet] : this.baseSheets;
  }
}
