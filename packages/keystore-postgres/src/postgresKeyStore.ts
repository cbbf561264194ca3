import { migrate, quoteSchema, type Migration } from '@appeals/eventstore-postgres';
import { Pool } from 'pg';
import type { KeyRecord, KeyStore } from '@appeals/personal-data';

const SCOPE = 'personal_data';

/** The key table's history in the event store's schema (recorded in `schema_migrations`, scope `personal_data`). */
export const postgresKeyStoreMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'personal data keys',
    sql: (s) => `
      CREATE TABLE ${s}.personal_data_keys (
        subject_id    uuid        PRIMARY KEY,
        account_id    text,
        master_key_id text,
        wrapped_key   bytea,
        created_at    timestamptz NOT NULL,
        erased_at     timestamptz,
        CHECK ((erased_at IS NULL) = (wrapped_key IS NOT NULL AND master_key_id IS NOT NULL))
      );
      -- one live subject per applicant account (an erased subject gives its account up)
      CREATE UNIQUE INDEX personal_data_keys_account ON ${s}.personal_data_keys (account_id)
        WHERE account_id IS NOT NULL;
    `,
  },
];

interface Row {
  subject_id: string;
  account_id: string | null;
  master_key_id: string | null;
  wrapped_key: Buffer | null;
  created_at: Date;
  erased_at: Date | null;
}

const toRecord = (r: Row): KeyRecord => ({
  subjectId: r.subject_id,
  ...(r.account_id === null ? {} : { accountId: r.account_id }),
  ...(r.master_key_id === null ? {} : { masterKeyId: r.master_key_id }),
  ...(r.wrapped_key === null ? {} : { wrappedKey: new Uint8Array(r.wrapped_key) }),
  createdAt: r.created_at.toISOString(),
  ...(r.erased_at === null ? {} : { erasedAt: r.erased_at.toISOString() }),
});

export interface PostgresKeyStoreOptions {
  /** a pool of its own (closed with the store), or the event store's (left open) */
  pool?: Pool;
  connectionString?: string;
  /** schema of the table, normally the event store's (default 'public') */
  schema?: string;
}

/**
 * The KeyStore port on PostgreSQL: table `personal_data_keys` next to the events, migrated at start. An erasure
 * nulls the wrapped key; the old row version stays in the table file until VACUUM reclaims it, which is why the key
 * is wrapped: without the master key those bytes are useless (docs/security.md#personal-data).
 */
export async function createPostgresKeyStore(
  options: PostgresKeyStoreOptions,
): Promise<KeyStore & { pool: Pool }> {
  const ownPool = !options.pool;
  const pool = options.pool ?? new Pool({ connectionString: options.connectionString, max: 5 });
  const schema = options.schema ?? 'public';
  const table = `${quoteSchema(schema)}.personal_data_keys`;
  await migrate(pool, schema, postgresKeyStoreMigrations, SCOPE);
  const one = async (sql: string, values: unknown[]) => {
    const { rows } = await pool.query<Row>(sql, values);
    return rows[0] && toRecord(rows[0]);
  };
  const get = (subjectId: string) => one(`SELECT * FROM ${table} WHERE subject_id = $1`, [subjectId]);
  const findByAccount = (accountId: string) =>
    one(`SELECT * FROM ${table} WHERE account_id = $1 AND erased_at IS NULL`, [accountId]);

  return {
    pool,
    async create(record) {
      const inserted = await one(
        `INSERT INTO ${table} (subject_id, account_id, master_key_id, wrapped_key, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING *`,
        [
          record.subjectId,
          record.accountId ?? null,
          record.masterKeyId,
          Buffer.from(record.wrappedKey),
          record.createdAt,
        ],
      );
      if (inserted) return inserted;
      const existing =
        (await get(record.subjectId)) ??
        (record.accountId === undefined ? undefined : await findByAccount(record.accountId));
      if (!existing) throw new Error(`Key of subject ${record.subjectId} was neither stored nor found`);
      return existing;
    },
    get,
    findByAccount,
    async erase(subjectId, erasedAt) {
      const { rowCount } = await pool.query(
        `UPDATE ${table} SET wrapped_key = NULL, master_key_id = NULL, account_id = NULL, erased_at = $2
         WHERE subject_id = $1 AND erased_at IS NULL`,
        [subjectId, erasedAt],
      );
      if (rowCount === 1) return 'erased';
      return (await get(subjectId)) ? 'already_erased' : 'unknown';
    },
    async wrappedByOtherThan(masterKeyId, limit) {
      const { rows } = await pool.query<Row>(
        `SELECT * FROM ${table} WHERE erased_at IS NULL AND master_key_id <> $1 ORDER BY subject_id LIMIT $2`,
        [masterKeyId, limit],
      );
      return rows.map(toRecord);
    },
    async countWrappedByOtherThan(masterKeyId) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE erased_at IS NULL AND master_key_id <> $1`,
        [masterKeyId],
      );
      return Number(rows[0]!.n);
    },
    async rewrap(subjectId, fromMasterKeyId, to) {
      const { rowCount } = await pool.query(
        `UPDATE ${table} SET master_key_id = $3, wrapped_key = $4
         WHERE subject_id = $1 AND master_key_id = $2 AND erased_at IS NULL`,
        [subjectId, fromMasterKeyId, to.masterKeyId, Buffer.from(to.wrappedKey)],
      );
      return rowCount === 1;
    },
    async close() {
      if (ownPool) await pool.end();
    },
  };
}
