import type { ReactiveControllerHost } from 'lit';

/**
 * Runs `work` in the task after the host's render under way, so background work (storage, other
 * tabs' channels, page-wide listeners) never stands before the widget's first content: not even
 * when that content's data is already at hand (a cache, a fast backend) and draws in the
 * microtasks after that render. Returns how to call it off (the host left the page meanwhile).
 */
export function afterRender(host: ReactiveControllerHost, work: () => void): () => void {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  void host.updateComplete.then(() => {
    if (!cancelled) timer = setTimeout(() => cancelled || work());
  });
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
