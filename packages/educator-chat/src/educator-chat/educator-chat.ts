import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { CareAskEducatorEvent, CareElement, errorTemplate, loadingTemplate, onDemand, viewFetchTiming, type ChatContext } from '@careline/core';
import { ChatOptionsElement } from './chat-options.js';
import { registerChatMessages } from '../i18n/index.js';
import type { EducatorChatApp } from '../educator-chat-app/educator-chat-app.js';
import { launcherStyles, loadProblemStyles } from './educator-chat.styles.js';
import { launcherIcon } from './launcher.js';

/** The tag of the chat itself, rendered inside this element once its code has loaded. */
export const CHAT_APP_TAG = 'care-educator-chat-app';

/** Parts of the chat itself that page CSS can style through `<care-educator-chat>`. */
const APP_PARTS = 'base, launcher, badge, panel, header, log, message, composer, state, error-summary';

/**
 * The chat's code, fetched once per page the first time a chat needs it. Most visits to a
 * hospital's pages never open the chat: they load the launcher only.
 */
const chatApp = onDemand(() =>
  chatAppSource.fetch().then((module) => {
    module.registerChatAppMessages();
    if (!customElements.get(CHAT_APP_TAG)) customElements.define(CHAT_APP_TAG, module.EducatorChatApp);
    return module;
  }),
);

/** Where the chat's code comes from; tests replace `fetch` to see a failed download. */
export const chatAppSource = {
  fetch: (): Promise<typeof import('../educator-chat-app/educator-chat-app.js')> => import('../educator-chat-app/educator-chat-app.js'),
};

/** Chats on the page, so a chat not yet loaded leaves a page-level request to one that is. */
const connectedChats = new Set<EducatorChat>();

/** Starts fetching the chat's code without showing it, e.g. as the pointer nears the launcher. */
export function preloadChat(): void {
  chatApp.load().catch(() => undefined); // Tried again when the chat is actually needed.
}

/**
 * A patient's line to the hospital's online health educators, as a floating
 * launcher or inline in a page section. Messages go through the durable outbox:
 * never refused, never lost, sent once.
 *
 * In launcher mode, the page loads only the launcher. The chat itself loads when it is
 * needed: the pointer enters, or focus or a touch reaches, the launcher (fetched only),
 * the patient presses it, `show()` or `askAbout()`
 * is called, or there is a conversation to resume or an open panel to restore from an
 * earlier page. Inline, it loads at once.
 *
 * @tagname care-educator-chat
 * @summary Chat with the hospital's online health educators.
 *
 * @event {CareChatOpenEvent} care-chat-open - The patient opened the panel. `conversationKey` only.
 * @event {CareChatCloseEvent} care-chat-close - The patient closed the panel. `conversationKey` only.
 * @event {CareChatMessageSentEvent} care-chat-message-sent - A message went into the outbox. `conversationKey`, `startedConversation`; never the text.
 * @event {CareChatRatedEvent} care-chat-rated - The patient rated the chat. `conversationKey`, `rating` (1-5); never the comment.
 *
 * @csspart base - The widget's outer box.
 * @csspart launcher - The floating button (launcher mode).
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat panel.
 * @csspart header - The panel's title bar.
 * @csspart log - The list of messages.
 * @csspart message - One message bubble.
 * @csspart composer - The message form.
 * @csspart state - Loading, empty, error and offline panels.
 * @csspart error-summary - The list of problems above the message box or the rating.
 *
 * @cssproperty [--care-chat-launcher-size=56px] - Diameter of the launcher button.
 * @cssproperty [--care-chat-panel-width=380px] - Width of the panel in launcher mode (never wider than the screen).
 * @cssproperty [--care-chat-panel-height=560px] - Height of the panel in launcher mode (never taller than the screen).
 * @cssproperty [--care-chat-log-height=360px] - Height of the message list in inline mode.
 * @cssproperty [--care-chat-mine-background=var(--care-color-primary)] - Background of the patient's own messages.
 * @cssproperty [--care-chat-mine-color=var(--care-color-on-primary)] - Text colour of the patient's own messages.
 * @cssproperty [--care-chat-theirs-background=var(--care-color-surface-alt)] - Background of the educator's messages.
 * @cssproperty [--care-chat-inset=16px] - Distance of the launcher from the corner of the screen.
 * @cssproperty [--care-chat-z-index=2147483000] - Stacking level of the launcher and panel.
 */
export class EducatorChat extends ChatOptionsElement {
  static override styles = [CareElement.styles, launcherStyles, loadProblemStyles];

  /** The chat itself is needed: its code is loading or loaded, and it is rendered once loaded. */
  @state() private appWanted = false;
  /** Its code could not be fetched (offline before the first use on this device). */
  @state() private loadFailed = false;
  @query(CHAT_APP_TAG) private app!: EducatorChatApp | null;
  /** Calls made before the chat had loaded, run in order once it has rendered. */
  private appCalls: Array<(app: EducatorChatApp) => void> = [];
  private appCallsDone: Promise<void> = Promise.resolve();
  /** `open` as the chat itself last reported it, so only the page's own changes are passed on. */
  private openFromApp = false;
  /** Follows the chat's reflected `open`, however it changed (a press, another tab, an earlier page). */
  private readonly openObserver = new MutationObserver(() => this.syncOpenFromApp());
  private observedApp: EducatorChatApp | undefined;
  /** The launcher had focus as the chat took its place: the chat's own launcher gets it. */
  private launcherFocusToMove = false;

  constructor() {
    super();
    registerChatMessages();
  }

  /** Opens the panel (launcher mode). Focus moves into it, as after a click. */
  show(): void {
    this.withApp((app) => app.show());
  }

  /** Closes the panel and returns focus to the launcher. */
  hide(): void {
    // Still loading after show(): close it once it is there, in the order asked.
    if (this.app || this.appCalls.length) this.withApp((app) => app.hide());
  }

  /**
   * Opens the chat about an item (e.g. a lab result): the item is shown above the
   * message box and sent with the next message. The page-level `care-ask-educator`
   * event does the same without a reference to this element.
   */
  askAbout(context: ChatContext): void {
    this.withApp((app) => app.askAbout(context));
  }

  /** The conversation as plain text, oldest first (for the transcript); empty until the chat has loaded. */
  transcript(): string {
    return this.app?.transcript() ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connectedChats.add(this);
    window.addEventListener('storage', this.onStorageChange);
    document.addEventListener(CareAskEducatorEvent.eventName, this.onAskEducator);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedChats.delete(this);
    window.removeEventListener('storage', this.onStorageChange);
    document.removeEventListener(CareAskEducatorEvent.eventName, this.onAskEducator);
  }

  /**
   * Until the chat has loaded it cannot hear the event itself: take it and pass it on, unless
   * a chat on the page has loaded (that one takes it, as the first chat on the page would).
   */
  private readonly onAskEducator = (event: CareAskEducatorEvent): void => {
    if (event.handled || [...connectedChats].some((chat) => chat.app)) return;
    event.handled = true;
    this.askAbout(event.context);
  };

  /** Another tab started this conversation or opened its panel: this tab shows it too. */
  private readonly onStorageChange = (event: StorageEvent): void => {
    if (this.appWanted || !this.care.config || event.storageArea !== localStorage || !event.newValue) return;
    if (event.key === this.storageKey('conversation') || (event.key === this.storageKey('open') && event.newValue === 'true')) this.wantApp();
  };

  /** Whether an earlier page left something the chat must show now: a conversation (replies to count) or an open panel. */
  private storedStateNeedsApp(): boolean {
    return this.readStored('conversation') !== null || this.readStored('open') === 'true';
  }

  private withApp(call: (app: EducatorChatApp) => void): void {
    const app = this.app;
    if (app && !this.appCalls.length) {
      call(app);
      return;
    }
    this.appCalls.push(call);
    this.wantApp();
    this.requestUpdate();
  }

  private wantApp(): void {
    if (this.appWanted && !this.loadFailed) return;
    this.appWanted = true;
    this.loadFailed = false;
    // Already defined (app.js on an inline chat's page, or an earlier chat): nothing to fetch, and
    // no second render of this element while the chat draws its first. updateComplete still
    // waits for the chat itself.
    if (customElements.get(CHAT_APP_TAG)) {
      this.appLoading = Promise.resolve();
      return;
    }
    const failed = (): void => {
      this.loadFailed = true;
      // What was asked of it is not done later by surprise: "Try again" asks again.
      this.appCalls = [];
    };
    // A stalled connection: say so after a while rather than "Loading…" for ever. The download
    // goes on; if the chat arrives after all, it takes the message's place.
    let stall: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<void>((resolve) => {
      stall = setTimeout(() => {
        if (chatApp.value === undefined) failed();
        resolve();
      }, viewFetchTiming.stallMs);
    });
    const loading = chatApp.load().then(
      () => {
        clearTimeout(stall);
        this.loadFailed = false;
        this.requestUpdate();
      },
      (error: unknown) => {
        clearTimeout(stall);
        console.warn('[careline] the chat could not be loaded', error);
        failed();
      },
    );
    this.appLoading = Promise.race([loading, stalled]);
  }

  /** The fetch under way for this element (settled, never rejected), for getUpdateComplete. */
  private appLoading: Promise<void> | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.appWanted && (this.mode === 'inline' || this.open || (this.care.config && this.storedStateNeedsApp()))) this.wantApp();
    // The page set `open` itself (not the chat reporting it): pass it on, as the property always did.
    if (changed.has('open') && this.open !== this.openFromApp) {
      const open = this.open;
      this.openFromApp = open;
      if (this.app) this.app.open = open;
      else if (open || this.appCalls.length) this.appCalls.push((app) => (app.open = open));
    }
    // The chat is about to take the launcher's place: keep the patient's focus on a launcher.
    this.launcherFocusToMove = !this.app && this.shouldRenderApp() && (this.shadowRoot?.activeElement?.classList.contains('launcher') ?? false);
  }

  private shouldRenderApp(): boolean {
    return this.appWanted && !this.loadFailed && customElements.get(CHAT_APP_TAG) !== undefined;
  }

  private syncOpenFromApp(): void {
    const open = this.observedApp?.hasAttribute('open') ?? false;
    if (open === this.open) return;
    this.openFromApp = open;
    this.open = open;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const app = this.app;
    if (app && app !== this.observedApp) {
      this.observedApp = app;
      this.openObserver.observe(app, { attributes: true, attributeFilter: ['open'] });
      if (this.launcherFocusToMove && !this.appCalls.length) {
        void app.updateComplete.then(() => app.shadowRoot?.querySelector<HTMLElement>('.launcher')?.focus());
      }
    }
    // A chat not in the page (this element was removed while it loaded) never updates: wait for it once it is.
    if (app?.isConnected && this.appCalls.length) {
      const calls = this.appCalls.splice(0);
      // After the chat's first update: it has read its configuration and stored state by then.
      this.appCallsDone = app.updateComplete.then(() => {
        for (const call of calls) call(app);
      });
    }
  }

  /** Also waits for the chat itself while it loads and renders, so `await chat.updateComplete` sees it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    if (!this.appLoading) return result;
    await this.appLoading;
    result = await super.getUpdateComplete();
    if (this.loadFailed) return result;
    await this.appCallsDone;
    const app = this.app;
    if (app?.isConnected) await app.updateComplete;
    return result;
  }

  protected override render(): TemplateResult {
    // Once loaded, the chat is the whole content: it draws its own box, in the page's language,
    // and its own loading and configuration states. It stays while the configuration changes,
    // so nothing the patient typed is lost with it.
    if (this.shouldRenderApp()) {
      return html`<care-educator-chat-app
        exportparts=${APP_PARTS}
        mode=${this.mode}
        lang=${ifDefined(this.getAttribute('lang') ?? undefined)}
        conversation-key=${ifDefined(this.hasAttribute('conversation-key') || this.conversationKey !== 'default' ? this.conversationKey : undefined)}
        emergency-number=${this.emergencyNumber}
        max-attachment-mb=${this.maxAttachmentMb}
        .emergencyPhrases=${this.emergencyPhrases}
      ></care-educator-chat-app>`;
    }
    return super.render();
  }

  /**
   * The launcher asks the backend nothing: its button is drawn while the configuration is still on
   * its way (a provider or an adapter still loading, as through the loader on a slow network).
   */
  protected override renderBeforeConfiguration(): TemplateResult {
    return this.mode === 'inline' ? super.renderBeforeConfiguration() : this.renderReady();
  }

  protected override renderReady(): TemplateResult {
    const t = this.t;
    if (this.mode === 'inline') {
      return this.loadFailed ? errorTemplate(t, () => this.wantApp(), t.t('chat.load.failed')) : loadingTemplate(t);
    }
    // The same button the chat draws, so nothing moves when it takes over. A touch fires
    // pointerenter too (before pointerdown, as every pointer that cannot hover does): no touchstart.
    return html`${this.loadFailed
        ? html`<div class="load-problem">${errorTemplate(t, () => this.withApp((app) => app.show()), t.t('chat.load.failed'))}</div>`
        : nothing}<button
        type="button"
        class="launcher"
        part="launcher"
        aria-label=${t.t('chat.launcher.open')}
        aria-expanded="false"
        aria-busy=${this.appWanted && !this.loadFailed ? 'true' : 'false'}
        @pointerenter=${preloadChat}
        @focus=${preloadChat}
        @click=${() => this.withApp((app) => app.show())}
      >
        ${launcherIcon}
      </button>`;
  }
}
