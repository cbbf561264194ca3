import { migrate } from '@appeals/eventstore-sqlite';
import { startWalCheckpointer } from '@appeals/sqlite-wal';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyRecord, KeyStore } from '@appeals/personal-data';

const SCOPE = 'personal_data';

/** The key table's history (recorded in `schema_migrations` under scope `personal_data`). */
export const sqliteKeyStoreMigrations = [
  {
    version: 1,
    name: 'personal data keys',
    sql: `
      CREATE TABLE personal_data_keys (
        subject_id    TEXT PRIMARY KEY,
        account_id    TEXT,
        master_key_id TEXT,
        wrapped_key   BLOB,
        created_at    TEXT NOT NULL,
        erased_at     TEXT
      );
      -- one live subject per applicant account (an erased subject gives its account up)
      CREATE UNIQUE INDEX personal_data_keys_account ON personal_data_keys (account_id) WHERE account_id IS NOT NULL;
    `,
  },
] as const;

interface Row {
  subject_id: string;
  account_id: string | null;
  master_key_id: string | null;
  wrapped_key: Buffer | null;
  created_at: string;
  erased_at: string | null;
}

const toRecord = (r: Row): KeyRecord => ({
  subjectId: r.subject_id,
  ...(r.account_id === null ? {} : { accountId: r.account_id }),
  ...(r.master_key_id === null ? {} : { masterKeyId: r.master_key_id }),
  ...(r.wrapped_key === null ? {} : { wrappedKey: new Uint8Array(r.wrapped_key) }),
  createdAt: r.created_at,
  ...(r.erased_at === null ? {} : { erasedAt: r.erased_at }),
});

export interface SqliteKeyStoreOptions {
  /** the database file (created with its folder), or ':memory:'; may be the event store's file */
  filename: string;
}

/**
 * The KeyStore port on SQLite. `secure_delete` overwrites an erased key's bytes in the file, and an erasure
 * checkpoints and truncates the write-ahead log, so the old page holding the key does not linger there either.
 */
export function createSqliteKeyStore(options: SqliteKeyStoreOptions): KeyStore & { db: Database.Database } {
  if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
  const db = new Database(options.filename, { timeout: 5000 });
  if (options.filename !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
  migrate(db, sqliteKeyStoreMigrations, SCOPE);
  // checkpoints on a worker thread, not in the commit of a new applicant's key
  const checkpoints = startWalCheckpointer(db);

  const byId = db.prepare<[string], Row>('SELECT * FROM personal_data_keys WHERE subject_id = ?');
  const byAccount = db.prepare<[string], Row>(
    'SELECT * FROM personal_data_keys WHERE account_id = ? AND erased_at IS NULL',
  );
  const insert = db.prepare(
    `INSERT INTO personal_data_keys (subject_id, account_id, master_key_id, wrapped_key, created_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const eraseRow = db.prepare(
    `UPDATE personal_data_keys SET wrapped_key = NULL, master_key_id = NULL, account_id = NULL, erased_at = ?
     WHERE subject_id = ? AND erased_at IS NULL`,
  );
  const others = db.prepare<[string, number], Row>(
    `SELECT * FROM personal_data_keys WHERE erased_at IS NULL AND master_key_id <> ? ORDER BY subject_id LIMIT ?`,
  );
  const countOthers = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM personal_data_keys WHERE erased_at IS NULL AND master_key_id <> ?`,
  );
  const rewrapRow = db.prepare(
    `UPDATE personal_data_keys SET master_key_id = ?, wrapped_key = ?
     WHERE subject_id = ? AND master_key_id = ? AND erased_at IS NULL`,
  );

  const create = db.transaction((record: Parameters<KeyStore['create']>[0]): KeyRecord => {
    const existing =
      byId.get(record.subjectId) ??
      (record.accountId === undefined ? undefined : byAccount.get(record.accountId));
    if (existing) return toRecord(existing);
    insert.run(
      record.subjectId,
      record.accountId ?? null,
      record.masterKeyId,
      Buffer.from(record.wrappedKey),
      record.createdAt,
    );
    return toRecord(byId.get(record.subjectId) as Row);
  });

  return {
    db,
    async create(record) {
      return create.immediate(record);
    },
    async get(subjectId) {
      const row = byId.get(subjectId);
      return row && toRecord(row);
    },
    async findByAccount(accountId) {
      const row = byAccount.get(accountId);
      return row && toRecord(row);
    },
    async erase(subjectId, erasedAt) {
      if (eraseRow.run(erasedAt, subjectId).changes === 1) {
        if (options.filename !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
        return 'erased';
      }
      return byId.get(subjectId) ? 'already_erased' : 'unknown';
    },
    async wrappedByOtherThan(masterKeyId, limit) {
      return others.all(masterKeyId, limit).map(toRecord);
    },
    async countWrappedByOtherThan(masterKeyId) {
      return countOthers.get(masterKeyId)!.n;
    },
    async rewrap(subjectId, fromMasterKeyId, to) {
      return (
        rewrapRow.run(to.masterKeyId, Buffer.from(to.wrappedKey), subjectId, fromMasterKeyId).changes === 1
      );
    },
    async close() {
      await checkpoints.stop();
      if (db.open) db.close();
    },
  };
}
