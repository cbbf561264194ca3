import type { Pool } from 'pg';
import {
  DEFAULT_QUARANTINE_LIMIT,
  quarantineColumns,
  type Quarantine,
  type QuarantinedMessage,
} from '@appeals/bus';
import { quoteSchema, type Migration } from './migrations';

/** The quarantine's own schema history (scope `quarantine`), apart from the event store's. */
export const quarantineMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'quarantine: messages a consumer group could never decode (ADR event versioning)',
    sql: (s) => `
      CREATE TABLE ${s}.quarantine (
        id               bigserial   PRIMARY KEY,
        group_id         text        NOT NULL,
        topic            text        NOT NULL,
        partition        integer     NOT NULL,
        "offset"         bigint      NOT NULL,
        key              text        NOT NULL,
        value            text        NOT NULL,
        headers          jsonb       NOT NULL,
        error            text        NOT NULL,
        quarantined_at   timestamptz NOT NULL,
        replay_requested boolean     NOT NULL DEFAULT false,
        UNIQUE (group_id, topic, partition, "offset")
      );
      CREATE INDEX quarantine_replay ON ${s}.quarantine (group_id, id) WHERE replay_requested;
    `,
  },
];

interface QuarantineRow {
  id: string;
  group_id: string;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  error: string;
  quarantined_at: Date;
  replay_requested: boolean;
}

const toEntry = (row: QuarantineRow): QuarantinedMessage => ({
  id: String(row.id),
  groupId: row.group_id,
  topic: row.topic,
  partition: row.partition,
  offset: Number(row.offset),
  key: row.key,
  value: row.value,
  headers: row.headers,
  error: row.error,
  quarantinedAt: row.quarantined_at.toISOString(),
  replayRequested: row.replay_requested,
});

/** An id as the table keys it (a bigint's text), or undefined for one no entry can have. */
const rowId = (id: string): string | undefined => (/^\d{1,18}$/.test(id) ? id : undefined);

/**
 * The quarantine as a table in the event store's PostgreSQL schema (cluster mode): the buses of every replica set
 * undecodable messages aside in it, and `pnpm quarantine --postgres-url` reads it.
 *
 * @example
 * const quarantine = createPostgresQuarantine(pool, 'public'); // store.quarantine
 */
export function createPostgresQuarantine(
  pool: Pool,
  schema = 'public',
  clock: () => Date = () => new Date(),
): Quarantine {
  const t = `${quoteSchema(schema)}.quarantine`;
  const many = async (sql: string, values: unknown[]) =>
    (await pool.query<QuarantineRow>(sql, values)).rows.map(toEntry);
  const changed = async (sql: string, id: string) => {
    const key = rowId(id);
    return key !== undefined && ((await pool.query(sql, [key])).rowCount ?? 0) > 0;
  };
  return {
    async add(e) {
      const [entry] = await many(
        `INSERT INTO ${t} (group_id, topic, partition, "offset", key, value, headers, error, quarantined_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (group_id, topic, partition, "offset") DO UPDATE SET
           key = excluded.key, value = excluded.value, headers = excluded.headers, error = excluded.error,
           replay_requested = false
         RETURNING *`,
        [...quarantineColumns(e), clock()],
      );
      return entry!;
    },
    async list(options = {}) {
      const after = options.after === undefined ? '0' : (rowId(options.after) ?? '999999999999999999');
      return many(
        `SELECT * FROM ${t} WHERE id > $1 AND ($2::text IS NULL OR group_id = $2) ORDER BY id LIMIT $3`,
        [after, options.groupId ?? null, options.limit ?? DEFAULT_QUARANTINE_LIMIT],
      );
    },
    async get(id) {
      const key = rowId(id);
      return key === undefined ? undefined : (await many(`SELECT * FROM ${t} WHERE id = $1`, [key]))[0];
    },
    requestReplay: (id) => changed(`UPDATE ${t} SET replay_requested = true WHERE id = $1`, id),
    async replayable(groupId) {
      return many(`SELECT * FROM ${t} WHERE group_id = $1 AND replay_requested ORDER BY id`, [groupId]);
    },
    remove: (id) => changed(`DELETE FROM ${t} WHERE id = $1`, id),
  };
}
