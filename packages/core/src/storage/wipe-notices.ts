/**
 * Telling every widget that Careline's data was wiped (sign-out), in this tab and in the
 * others: what they hold in memory — a conversation on screen, a record, a half-typed
 * complaint — must go with what was stored, or the next person at a shared computer sees it.
 * Small and separate from the outbox services, because every widget listens from its first render.
 */
import { registry } from '../registry.js';

/** The BroadcastChannel other tabs hear wipes on (its name is documented in privacy-and-security.md). */
export const WIPE_CHANNEL = 'careline-wipe';

interface WipeNotices {
  listeners: Set<() => void>;
  /** This page's end of the channel; it does not hear its own messages, so this tab is not told again by its own broadcast. */
  channel: BroadcastChannel | undefined;
}

/** The page's one set of listeners and channel end, shared by every copy of core. */
function wipeNotices(): WipeNotices {
  const services = registry().services;
  let notices = services.get('wipe-notices') as WipeNotices | undefined;
  if (!notices) {
    const created: WipeNotices = { listeners: new Set(), channel: undefined };
    services.set('wipe-notices', created);
    notices = created;
    // Opened in a moment, not while the first widget renders (a round trip to the browser process).
    setTimeout(() => openChannel(created));
  }
  return notices;
}

function openChannel(notices: WipeNotices): BroadcastChannel | undefined {
  if (!notices.channel && typeof BroadcastChannel === 'function') {
    notices.channel = new BroadcastChannel(WIPE_CHANNEL);
    notices.channel.onmessage = () => tell(notices);
  }
  return notices.channel;
}

function tell(notices: WipeNotices): void {
  for (const listener of [...notices.listeners]) {
    try {
      listener();
    } catch (error) {
      // One widget's failure must not keep the others showing what was wiped.
      console.error('[careline] forgetting after a wipe failed.', error);
    }
  }
}

/**
 * Tells this tab's listeners, at once, and the other tabs that Careline's data is being wiped.
 * wipeCarelineData() calls it before deleting (so pending draft saves and in-flight work stop
 * and cannot write anything back) and again after (for a tab that wrote meanwhile).
 */
export function announceWipe(): void {
  const notices = wipeNotices();
  openChannel(notices)?.postMessage('wiped');
  tell(notices);
}

/** `onWipe` runs when Careline's data is wiped in this tab or another; returns how to stop listening. */
export function listenForWipes(onWipe: () => void): () => void {
  const { listeners } = wipeNotices();
  listeners.add(onWipe);
  return () => listeners.delete(onWipe);
}
