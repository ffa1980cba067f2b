/**
 * Emergency-wording checks without the phrase lists in every page's first download:
 * the lists (every language's) are fetched when the patient starts using the widget
 * (focus inside it), or when text has to be checked, whichever comes first.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EmergencyMatch } from '../safety/emergency.js';
import { onDemand } from '../on-demand.js';

const emergencyCheck = onDemand(() => import('../safety/emergency.js').then((module) => module.detectEmergency));

/** The emergency check; a failed fetch (offline) is tried again on the next call. */
export function loadEmergencyCheck(): ReturnType<typeof emergencyCheck.load> {
  return emergencyCheck.load();
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
    const detect = emergencyCheck.value;
    if (detect) return detect(text, locale, extra);
    if (!text.trim() && !extra?.some((item) => item instanceof RegExp)) return { matched: false, phrases: [], categories: [] };
    void loadEmergencyCheck().then(
      () => this.host.requestUpdate(),
      () => undefined,
    );
    return undefined;
  }

  /** Calls `then` with the result: at once if the check is loaded, otherwise once it is (never if it cannot be fetched). */
  run(text: string, locale: string, extra: readonly (string | RegExp)[] | undefined, then: (match: EmergencyMatch) => void): void {
    const detect = emergencyCheck.value;
    if (detect) then(detect(text, locale, extra));
    else void loadEmergencyCheck().then((detect) => then(detect(text, locale, extra)), () => undefined);
  }

  private readonly prepare = (): void => {
    if (!emergencyCheck.value) void loadEmergencyCheck().catch(() => undefined);
  };
}
