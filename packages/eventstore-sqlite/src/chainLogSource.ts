import Database from 'better-sqlite3';
import type { OpenedChainLog } from '@appeals/chain';
import { createSqliteChainStore } from './sqliteChainStore';
import { sqliteRecordReaders, sqliteShareReader } from './sqliteRecords';

/**
 * The module a verifier's worker thread loads to open an event store file itself, read-only (the store's
 * `workerSource`; see @appeals/chain's verifyLog): its own connection (SQLite lets readers share the file), and
 * only the log's records and chain, so a worker starts without loading the event store's other modules. A rebuild's
 * fold thread opens it too and reads its share of the streams (`readShare`, sqliteShareReader).
 */
export async function openChainLog(options: {
  filename: string;
}): Promise<OpenedChainLog & { readShare: ReturnType<typeof sqliteShareReader> }> {
  const db = new Database(options.filename, { readonly: true, fileMustExist: true });
  return {
    ...sqliteRecordReaders(db),
    readShare: sqliteShareReader(db),
    chain: createSqliteChainStore(db),
    close: async () => {
      db.close();
    },
  };
}
