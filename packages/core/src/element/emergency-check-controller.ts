/**
 * Emergency-wording checks without the phrase lists in every page's first download:
 * the lists (every language's) are fetched when the patient starts using the widget
 * (focus inside it), or when text has to be checked, whichever comes first.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EmergencyMatch } from '../safety/emergency.js';

type Detect = typeof import('../safety/emergency.js').detectEmergency;
let loadedDetect: Detect | undefined;
let loadingDetect: Promise<Detect> | undefined;

/** The emergency check; a failed fetch (offline) is tried again on the next call. */
export function loadEmergencyCheck(): Promise<Detect> {
  if (loadedDetect) return Promise.resolve(loadedDetect);
  loadingDetect ??= import('../safety/emergency.js').then(
    (module) => (loadedDetect = module.detectEmergency),
    (error: unknown) => {
      loadingDetect = undefined;
      throw error;
    },
  );
  return loadingDetect;
}

export class EmergencyCheckController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & EventTarget) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('focusin', this.prepare);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('focusin', this.prepare);
  }

  /**
   * Checks now if the check is loaded. Otherwise starts loading it, re-renders the host
   * when it arrives and returns undefined: blank text needs no check and answers at once.
   */
  check(text: string, locale: string, extra?: readonly (string | RegExp)[]): EmergencyMatch | undefined {
    if (loadedDetect) return loadedDetect(text, locale, extra);
    if (!text.trim() && !extra?.some((item) => item instanceof RegExp)) return { matched: false, phrases: [], categories: [] };
    void loadEmergencyCheck().then(
      () => this.host.requestUpdate(),
      () => undefined,
    );
    return undefined;
  }

  /** Calls `then` with the result: at once if the check is loaded, otherwise once it is (never if it cannot be fetched). */
  run(text: string, locale: string, extra: readonly (string | RegExp)[] | undefined, then: (match: EmergencyMatch) => void): void {
    if (loadedDetect) then(loadedDetect(text, locale, extra));
    else void loadEmergencyCheck().then((detect) => then(detect(text, locale, extra)), () => undefined);
  }

  private readonly prepare = (): void => {
    if (!loadedDetect) void loadEmergencyCheck().catch(() => undefined);
  };
}
