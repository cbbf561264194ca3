import type Database from 'better-sqlite3';

/** One step of the schema; applied once, in version order, inside an IMMEDIATE transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
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
];

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
