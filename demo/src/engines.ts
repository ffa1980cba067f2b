/**
 * The demo's engine switch: the chat on an in-memory Chatwoot and the community on an
 * in-memory Discourse, through the real adapters, to show what a hospital running those
 * engines gets. Chosen with `?chat=chatwoot` and `?community=discourse` (or the "Demo
 * settings" box at the foot of each page) and kept for the tab's session.
 */
import type { CareAdapter } from '@careline/core';

export type ChatEngine = 'careline' | 'chatwoot';
export type CommunityEngine = 'careline' | 'discourse';
export type VendorTheme = 'none' | 'dark' | 'high-contrast';
export interface EngineChoice {
  chat: ChatEngine;
  community: CommunityEngine;
  /** A vendor theme from @careline/core/themes, applied to the whole page's widgets. */
  theme: VendorTheme;
}

const STORAGE_KEY = 'st-elsewhere-demo-engines';

/** The choice from the address (which wins and is remembered) or from earlier in the session. */
export function engineChoice(search = location.search): EngineChoice {
  let remembered: Partial<EngineChoice> = {};
  try {
    remembered = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<EngineChoice>;
  } catch {
    // a damaged value: start from the defaults
  }
  const params = new URLSearchParams(search);
  const chatParam = params.get('chat');
  const communityParam = params.get('community');
  const theme = params.get('theme') ?? remembered.theme;
  const choice: EngineChoice = {
    chat: (chatParam ?? remembered.chat) === 'chatwoot' ? 'chatwoot' : 'careline',
    community: (communityParam ?? remembered.community) === 'discourse' ? 'discourse' : 'careline',
    theme: theme === 'dark' || theme === 'high-contrast' ? theme : 'none',
  };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  return choice;
}

/** The REST adapter on the Careline mock, with the chat or community port swapped for an engine's. */
export async function withEngines(rest: CareAdapter, choice: EngineChoice): Promise<CareAdapter> {
  const adapter: CareAdapter = { ...rest, name: [rest.name, choice.chat === 'chatwoot' ? 'chatwoot' : '', choice.community === 'discourse' ? 'discourse' : ''].filter(Boolean).join('+') };
  const engines: Record<string, unknown> = {};
  if (choice.chat === 'chatwoot') {
    const [{ createChatwootAdapter }, { MockChatwoot }] = await Promise.all([import('@careline/adapter-chatwoot'), import('@careline/adapter-chatwoot/mock.js')]);
    // The demo does not check traffic against Chatwoot's spec: the adapter's tests do.
    // Always staffed in the demo, so the chat can be tried at any hour; the adapter's tests cover working hours.
    const mock = new MockChatwoot({ baseUrl: 'https://chat.st-elsewhere.example', inbox: { name: 'St. Elsewhere health educators', working_hours_enabled: false }, spec: { operations: [], match: () => undefined, checkRequest: () => [], checkResponse: () => [] } });
    const memory = new Map<string, string>();
    const chatwoot = createChatwootAdapter({
      baseUrl: mock.baseUrl,
      inboxIdentifier: mock.inbox.identifier,
      fetch: mock.fetch,
      WebSocket: mock.WebSocket as unknown as new (url: string) => WebSocket,
      // The in-memory Chatwoot starts empty on every page: a contact remembered across pages would not exist there.
      storage: { get: (key) => memory.get(key) ?? null, set: (key, value) => void memory.set(key, value) },
    });
    adapter.chat = chatwoot.chat;
    replyAsEducator(mock);
    engines['chatwoot'] = mock;
  }
  if (choice.community === 'discourse') {
    const [{ createDiscourseAdapter }, { DiscourseMock }] = await Promise.all([import('@careline/adapter-discourse'), import('@careline/adapter-discourse/mock.js')]);
    const mock = new DiscourseMock({ baseUrl: 'https://community.st-elsewhere.example' });
    const discourse = createDiscourseAdapter({ baseUrl: mock.baseUrl, userApiKey: mock.userApiKey, fetch: mock.fetch, pollIntervalMs: 5000, educatorGroups: ['educators'] });
    adapter.community = discourse.community;
    engines['discourse'] = mock;
  }
  // For playing in the console: careline.engines.chatwoot.educatorSends(…)
  Object.assign((window as unknown as { careline?: object }).careline ?? {}, { engines });
  return adapter;
}

/** A health educator in the Chatwoot inbox answers each new patient message, as the REST mock does. */
function replyAsEducator(mock: {
  messages: Array<{ id: number; conversationId: number; messageType: string }>;
  educatorTyping(conversationId: string, on: boolean): void;
  educatorSends(conversationId: string, content: string): void;
}): void {
  let answered = 0;
  setInterval(() => {
    const fresh = mock.messages.filter((message) => message.id > answered && message.messageType === 'incoming');
    if (!fresh.length) return;
    answered = Math.max(...fresh.map((message) => message.id));
    const conversationId = String(fresh.at(-1)!.conversationId);
    mock.educatorTyping(conversationId, true);
    setTimeout(() => {
      mock.educatorTyping(conversationId, false);
      mock.educatorSends(conversationId, 'Thank you for your message. This is the demo Chatwoot inbox: a health educator would answer here.');
    }, 1500);
  }, 500);
}

/** Applies a vendor theme: its stylesheet (only custom properties and parts) and its class on <body>. */
export async function applyTheme(theme: VendorTheme): Promise<void> {
  if (theme === 'none') return;
  const sheets = {
    dark: () => import('@careline/core/themes/dark.css?url'),
    'high-contrast': () => import('@careline/core/themes/high-contrast.css?url'),
  };
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = (await sheets[theme]()).default;
  // Applied once loaded (or failed: the page then keeps the hospital's colours), so nothing flashes.
  const loaded = new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
  });
  document.head.append(link);
  await loaded;
  document.body.classList.add(`care-theme-${theme}`);
}

/** The "Demo settings" box: not part of the hospital's page, added at its foot. */
export function renderEngineSwitch(choice: EngineChoice): void {
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  };
  const select = (name: string, label: string, options: Array<[string, string]>, value: string) => {
    const wrapper = element('label', `${label} `);
    const control = element('select');
    control.name = name;
    for (const [optionValue, text] of options) {
      const option = element('option', text);
      option.value = optionValue;
      option.selected = optionValue === value;
      control.append(option);
    }
    wrapper.append(control);
    return wrapper;
  };
  const form = element('form');
  form.className = 'demo-engines';
  form.method = 'get';
  form.setAttribute('aria-label', 'Demo settings');
  const fieldset = element('fieldset');
  const button = element('button', 'Switch');
  button.type = 'submit';
  fieldset.append(
    element('legend', 'Demo settings: which engine the widgets talk to, and a vendor theme'),
    select('chat', 'Chat:', [['careline', 'Careline REST (mock)'], ['chatwoot', 'Chatwoot (mock)']], choice.chat),
    ' ',
    select('community', 'Community:', [['careline', 'Careline REST (mock)'], ['discourse', 'Discourse (mock)']], choice.community),
    ' ',
    select('theme', 'Vendor theme:', [['none', 'None (the hospital\'s colours)'], ['dark', 'Dark'], ['high-contrast', 'High contrast']], choice.theme),
    ' ',
    button,
  );
  form.append(fieldset);
  document.body.append(form);
}
