/**
 * Whether the browser says it is online, kept current for a widget: it re-renders
 * on `online`/`offline` and may react (e.g. retry a failed load on reconnect).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterRender } from './after-render.js';

export class NetworkController implements ReactiveController {
  /** Read as the host connects (not while it is constructed: that is part of every widget's first render). */
  online = true;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (online: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.online = navigator.onLine !== false;
    // Listened for after the first render (adding the page's first online/offline listener is not
    // free, and nothing can change in between that the state read again then would not catch).
    this.cancelListening = afterRender(this.host, () => {
      window.addEventListener('online', this.update);
      window.addEventListener('offline', this.update);
      if ((navigator.onLine !== false) !== this.online) this.update();
    });
  }

  hostDisconnected(): void {
    this.cancelListening?.();
    window.removeEventListener('online', this.update);
    window.removeEventListener('offline', this.update);
  }

  private cancelListening: (() => void) | undefined;

  private readonly update = (): void => {
    this.online = navigator.onLine !== false;
    this.host.requestUpdate();
    this.onChange?.(this.online);
  };
}
