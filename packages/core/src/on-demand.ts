/**
 * Code fetched the first time a page needs it, once per page (the outbox, the emergency
 * lists, a widget's rarer views). A failed fetch (offline) is not remembered: the next
 * call tries again.
 */
export interface OnDemand<T> {
  /** What was loaded; undefined until then. */
  readonly value: T | undefined;
  load(): Promise<T>;
}

/**
 * @internal How long a needed fetch may take before the patient is told (a test seam). The fetch
 * goes on: if it arrives, what it brings replaces the message. Here, not with the views'
 * controller, so the chat's launcher can read it without loading that controller.
 */
export const viewFetchTiming = { stallMs: 15_000 };

export function onDemand<T>(fetch: () => Promise<T>): OnDemand<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    get value() {
      return value;
    },
    load() {
      if (value !== undefined) return Promise.resolve(value);
      loading ??= fetch().then(
        (loaded) => (value = loaded),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
