import type { ReactiveControllerHost } from 'lit';

/**
 * Runs `work` in the task after the host's render under way, so background work (storage, other
 * tabs' channels) never stands before the widget's first content: not even when that content's
 * data is already at hand (a cache, a fast backend) and draws in the microtasks after that render.
 */
export function afterRender(host: ReactiveControllerHost, work: () => void): void {
  void host.updateComplete.then(() => setTimeout(work));
}
