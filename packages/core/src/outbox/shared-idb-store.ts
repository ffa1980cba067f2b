/**
 * The page's IndexedDB stores, one per database name. Apart from services.ts, whose draft store a
 * widget's first chunk makes: the stores' code is fetched only once something reads or writes.
 */
import { LazyIdbStore, type CountableStore } from '../storage/stores.js';
import { sharedService } from './services.js';

/**
 * One IndexedDB store per database name per page: each store holds a connection open, so a
 * widget that made its own on every connect would leave one behind each time.
 */
export function sharedIdbStore<T>(databaseName: string): CountableStore<T> {
  return sharedService(`idb:${databaseName}`, () => new LazyIdbStore<T>(databaseName));
}
