import type { ReadStore } from '@appeals/readstore';
import { createSqliteReadStore, type SqliteReadStoreOptions } from './sqliteReadStore';

/**
 * The module a worker thread loads to open the read store's file itself (the store's `workerSource`): its own
 * connection to the same file, which the process's store checkpoints. A rebuild's fold threads write through it.
 */
export function openReadStore(
  options: Extract<SqliteReadStoreOptions, { filename: string }>,
): Promise<ReadStore> {
  return Promise.resolve(createSqliteReadStore(options));
}
