import { DATABASE_PREFIX } from '@careline/core';

/** The offline copy's IndexedDB database: apart from the copy's code, so the viewer can delete it without fetching that code. */
export function recordCopyDatabaseName(namespace: string): string {
  return `${DATABASE_PREFIX}${namespace}-records`;
}
