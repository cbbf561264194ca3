import type Database from 'better-sqlite3';
import {
  DEFAULT_QUARANTINE_LIMIT,
  quarantineColumns,
  type Quarantine,
  type QuarantinedMessage,
} from '@appeals/bus';
import { migrate, type Migration } from './migrations';

/**
 * The quarantine's own schema history, kept apart from the event store's (scope `quarantine`): a verifier opening
 * the log read-only checks the event store's version, which this table does not change.
 */
export const quarantineMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'quarantine: messages a consumer group could never decode (ADR event versioning)',
    sql: `
      CREATE TABLE quarantine (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id         TEXT    NOT NULL,
        topic            TEXT    NOT NULL,
        partition        INTEGER NOT NULL,
        offset           INTEGER NOT NULL,
        key              TEXT    NOT NULL,
        value            TEXT    NOT NULL,
        headers          TEXT    NOT NULL CHECK (json_valid(headers)),
        error            TEXT    NOT NULL,
        quarantined_at   TEXT    NOT NULL,
        replay_requested INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, topic, partition, offset)
      );
      CREATE INDEX quarantine_replay ON quarantine (group_id, id) WHERE replay_requested = 1;
    `,
  },
];

interface QuarantineRow {
  id: number;
  group_id: string;
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: string;
  error: string;
  quarantined_at: string;
  replay_requested: number;
}

const toEntry = (row: QuarantineRow): QuarantinedMessage => ({
  id: String(row.id),
  groupId: row.group_id,
  topic: row.topic,
  partition: row.partition,
  offset: row.offset,
  key: row.key,
  value: row.value,
  headers: JSON.parse(row.headers) as Record<string, string>,
  error: row.error,
  quarantinedAt: row.quarantined_at,
  replayRequested: row.replay_requested === 1,
});

/** An id as the table keys it: a whole number, or none (an id no entry can have). */
const rowId = (id: string): number | undefined => (/^\d{1,15}$/.test(id) ? Number(id) : undefined);

/** The statements, prepared on first use (a read-only verifier that never quarantines prepares nothing). */
function statements(db: Database.Database) {
  return {
    upsert: db.prepare<
      [string, string, number, number, string, string, string, string, string],
      QuarantineRow
    >(
      `INSERT INTO quarantine (group_id, topic, partition, offset, key, value, headers, error, quarantined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, topic, partition, offset) DO UPDATE SET
         key = excluded.key, value = excluded.value, headers = excluded.headers, error = excluded.error,
         replay_requested = 0
       RETURNING *`,
    ),
    list: db.prepare<[number, string | null, string | null, number], QuarantineRow>(
      `SELECT * FROM quarantine WHERE id > ? AND (? IS NULL OR group_id = ?) ORDER BY id LIMIT ?`,
    ),
    get: db.prepare<[number], QuarantineRow>('SELECT * FROM quarantine WHERE id = ?'),
    requestReplay: db.prepare<[number]>('UPDATE quarantine SET replay_requested = 1 WHERE id = ?'),
    replayable: db.prepare<[string], QuarantineRow>(
      'SELECT * FROM quarantine WHERE group_id = ? AND replay_requested = 1 ORDER BY id',
    ),
    remove: db.prepare<[number]>('DELETE FROM quarantine WHERE id = ?'),
  };
}

/**
 * The quarantine as a table in the event store's SQLite file (embedded mode): the event-store-backed bus sets
 * undecodable messages aside in it, and `pnpm quarantine` reads it from another process.
 *
 * @example
 * const bus = createEventStoreBus({ store, checkpoints: store.checkpoints, quarantine: store.quarantine });
 */
export function createSqliteQuarantine(
  source: Database.Database | { db: Database.Database },
  clock: () => Date = () => new Date(),
): Quarantine {
  const db = 'prepare' in source ? source : source.db;
  if (!db.readonly) migrate(db, quarantineMigrations, 'quarantine');
  let prepared: ReturnType<typeof statements> | undefined;
  const sql = () => (prepared ??= statements(db));
  return {
    async add(e) {
      const row = sql().upsert.get(...quarantineColumns(e), clock().toISOString())!;
      return toEntry(row);
    },
    async list(options = {}) {
      const after = options.after === undefined ? 0 : (rowId(options.after) ?? Number.MAX_SAFE_INTEGER);
      const group = options.groupId ?? null;
      return sql()
        .list.all(after, group, group, options.limit ?? DEFAULT_QUARANTINE_LIMIT)
        .map(toEntry);
    },
    async get(id) {
      const key = rowId(id);
      const row = key === undefined ? undefined : sql().get.get(key);
      return row && toEntry(row);
    },
    async requestReplay(id) {
      const key = rowId(id);
      return key !== undefined && sql().requestReplay.run(key).changes > 0;
    },
    async replayable(groupId) {
      return sql().replayable.all(groupId).map(toEntry);
    },
    async remove(id) {
      const key = rowId(id);
      return key !== undefined && sql().remove.run(key).changes > 0;
    },
  };
}
