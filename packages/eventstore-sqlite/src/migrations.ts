import type Database from 'better-sqlite3';
import { chainBatch, storedJson, type StreamChainFields } from '@appeals/chain';

/** One step of the schema; applied once, in version order, inside an IMMEDIATE transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** work after the SQL, in the same transaction (filling new columns of existing rows) */
  run?: (db: Database.Database) => void;
}

/** The event store's schema history. Append new steps; never edit an applied one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events and checkpoints',
    sql: `
      CREATE TABLE events (
        global_position INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id        TEXT    NOT NULL UNIQUE,
        stream_id       TEXT    NOT NULL,
        stream_position INTEGER NOT NULL,
        type            TEXT    NOT NULL,
        data            TEXT    NOT NULL CHECK (json_valid(data)),
        metadata        TEXT    NOT NULL CHECK (json_valid(metadata)),
        time            TEXT    NOT NULL,
        UNIQUE (stream_id, stream_position)
      );
      CREATE TABLE checkpoints (
        subscription_id TEXT PRIMARY KEY,
        checkpoint      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'tamper-evident history: stream chain columns, global chain links and signed checkpoints',
    sql: `
      ALTER TABLE events ADD COLUMN prev_stream_hash TEXT;
      ALTER TABLE events ADD COLUMN hash TEXT;
      CREATE TABLE chain_links (
        seq             INTEGER PRIMARY KEY,
        event_id        TEXT    NOT NULL UNIQUE,
        stream_id       TEXT    NOT NULL,
        global_position INTEGER NOT NULL,
        event_hash      TEXT    NOT NULL,
        chain_hash      TEXT    NOT NULL,
        checkpoint      TEXT    NOT NULL
      );
      CREATE INDEX chain_links_stream ON chain_links (stream_id, seq);
      CREATE TABLE chain_checkpoints (
        seq        INTEGER PRIMARY KEY,
        chain_hash TEXT    NOT NULL,
        signed_at  TEXT    NOT NULL,
        key_id     TEXT    NOT NULL,
        signature  TEXT    NOT NULL
      );
    `,
    // Rows written before the chain existed get their stream chain once, here; after this step a row without
    // a hash is reported by every verifier (a later backfill would launder tampering).
    run: (db) => {
      const rows = db
        .prepare<
          [],
          LegacyRow
        >('SELECT event_id, stream_id, stream_position, type, data, metadata, time FROM events ORDER BY stream_id, stream_position')
        .all();
      const update = db.prepare<[string | null, string, string]>(
        'UPDATE events SET prev_stream_hash = ?, hash = ? WHERE event_id = ?',
      );
      let streamId: string | undefined;
      let prev: string | null = null;
      for (const row of rows) {
        if (row.stream_id !== streamId) prev = null;
        streamId = row.stream_id;
        const [fields] = chainBatch(row.stream_id, row.stream_position, prev, [
          {
            id: row.event_id,
            type: row.type,
            time: row.time,
            // rows written before 2026-12-07 hold JSON.stringify text: hash its canonical form
            dataJson: storedJson(JSON.parse(row.data)),
            metadataJson: storedJson(JSON.parse(row.metadata)),
          },
        ]) as [StreamChainFields];
        update.run(fields.prevStreamHash, fields.hash, row.event_id);
        prev = fields.hash;
      }
    },
  },
];

/** The columns of an events row written before migration 2. */
export interface EventRowV1 {
  global_position: number;
  event_id: string;
  stream_id: string;
  stream_position: number;
  type: string;
  data: string;
  metadata: string;
  time: string;
}
type LegacyRow = Omit<EventRowV1, 'global_position'>;

/** Name under which these migrations are recorded, so other components may keep theirs in the same table. */
const SCOPE = 'eventstore';

/**
 * Brings the database up to the latest schema; safe to call on every open and from several
 * processes at once (each step re-checks inside its write transaction).
 */
export function migrate(
  db: Database.Database,
  steps: readonly Migration[] = migrations,
  /** whose history the steps belong to (another component keeps its own migrations in the same file) */
  scope: string = SCOPE,
): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      scope      TEXT    NOT NULL,
      version    INTEGER NOT NULL,
      name       TEXT    NOT NULL,
      applied_at TEXT    NOT NULL,
      PRIMARY KEY (scope, version)
    )
  `);
  const applied = db.prepare<[string, number], { one: number }>(
    'SELECT 1 AS one FROM schema_migrations WHERE scope = ? AND version = ?',
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (scope, version, name, applied_at) VALUES (?, ?, ?, ?)',
  );
  const ordered = [...steps].sort((a, b) => a.version - b.version);
  for (const step of ordered) {
    db.transaction(() => {
      if (applied.get(scope, step.version)) return;
      db.exec(step.sql);
      step.run?.(db);
      record.run(scope, step.version, step.name, new Date().toISOString());
    }).immediate();
  }
}

/** Versions of the event store's schema already applied to this database. */
export const appliedVersions = (db: Database.Database): number[] =>
  db
    .prepare<[string], { version: number }>(
      'SELECT version FROM schema_migrations WHERE scope = ? ORDER BY version',
    )
    .all(SCOPE)
    .map((row) => row.version);
