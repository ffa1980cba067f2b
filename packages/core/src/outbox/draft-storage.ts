/**
 * What a DraftStore fetches when a draft is first read or written (after a widget's first render):
 * the stores, and what moves the drafts it kept in memory meanwhile into them.
 */
import type { Draft } from './drafts.js';
import type { KeyValueStore } from '../storage/stores.js';

export { LazyIdbStore, ResilientStore } from '../storage/stores.js';

/** How a draft kept in memory joins the stored draft of its key once storage can be reached (the field's own `combine`). */
export type CombineDrafts = (stored: string, typed: string) => string;

/**
 * A draft kept in memory is newer than the stored one of its key, which its field could not read
 * back: both texts are kept where the field said how (its `combine`); otherwise memory's wins.
 * Memory is emptied: the store holds them now.
 */
export async function storeDraftsKeptInMemory(store: KeyValueStore<Draft>, memory: Map<string, Draft>, combiners: Map<string, CombineDrafts>): Promise<void> {
  for (const draft of [...memory.values()]) {
    const stored = await store.get(draft.key).catch(() => undefined);
    const combine = combiners.get(draft.key);
    const text = stored?.text && !stored.queuedAs && stored.text !== draft.text && combine ? combine(stored.text, draft.text) : draft.text;
    await store.set(draft.key, { ...draft, text }).catch(() => undefined);
  }
  memory.clear();
  combiners.clear();
}
