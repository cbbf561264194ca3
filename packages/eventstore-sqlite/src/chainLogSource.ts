import type { OpenedChainLog } from '@appeals/chain';
import { createSqliteEventStore } from './sqliteEventStore';

/**
 * The module a verifier's worker thread loads to open an event store file itself, read-only (the store's
 * `workerSource`; see @appeals/chain's verifyLog). Its own connection: SQLite lets readers share the file.
 */
export async function openChainLog(options: { filename: string }): Promise<OpenedChainLog> {
  const store = createSqliteEventStore({ filename: options.filename, readonly: true });
  return { store, chain: store.chain, close: () => store.close() };
}
