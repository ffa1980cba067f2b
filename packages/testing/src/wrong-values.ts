/**
 * Data as a backend of any make may send it: every copy of a well-formed item with one value, at
 * any depth, removed or of the wrong type. A widget given these shows each item, or says in its
 * place that it could not be shown, and never breaks as a whole.
 */

/** What a backend might send where something else was expected (`undefined`: the field is missing). */
export const WRONG_VALUES: readonly unknown[] = [undefined, null, 42, 'x', [], {}, true];

/** Every path to a value in `value`, to `maxDepth` levels. */
export function pathsIn(value: unknown, maxDepth = 5, prefix: readonly (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length >= maxDepth || value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsIn((value as Record<string, unknown>)[key], maxDepth, path, out);
  }
  return out;
}

/** A copy of `item` with the value at `path` replaced (`undefined`: removed). */
export function withValueAt<T>(item: T, path: readonly (string | number)[], replacement: unknown): T {
  const copy = structuredClone(item);
  let parent = copy as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

export interface WrongVariant<T> {
  /** e.g. `author.name = 42` */
  label: string;
  item: T;
}

/** Every copy of `item` with one value, at any depth, removed or replaced by each of WRONG_VALUES. */
export function wrongVariants<T>(item: T, maxDepth = 5): WrongVariant<T>[] {
  return pathsIn(item, maxDepth).flatMap((path) =>
    WRONG_VALUES.map((wrong) => ({ label: `${path.join('.')} = ${JSON.stringify(wrong) ?? 'undefined'}`, item: withValueAt(item, path, wrong) })),
  );
}

export interface PageReports {
  /** What reached the page's `error` and `unhandledrejection` events. */
  thrown: unknown[];
  /** What was written with console.error (a widget reports an unreadable item there once). */
  logged: string[];
}

/**
 * Runs `body` with what is thrown at the page and what is logged as an error collected, not
 * printed: a wrong-data test expects widgets to report odd items, and fails on anything thrown.
 */
export async function collectPageReports(body: () => Promise<void>): Promise<PageReports> {
  const reports: PageReports = { thrown: [], logged: [] };
  const onError = (event: ErrorEvent) => reports.thrown.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => reports.thrown.push(event.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  const original = console.error;
  console.error = (...args: unknown[]) => reports.logged.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
  try {
    await body();
    // A rejection is reported in a task after the microtask checkpoint.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    console.error = original;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return reports;
}
