import type Database from 'better-sqlite3';
import { splitSharedTable } from './splitTable';

/** Schema steps of the read store, applied once each, in order. Never edit a released step; add one. */
export const MIGRATIONS: ReadonlyArray<{
  version: number;
  name: string;
  sql: string;
  run?: (db: Database.Database) => void;
}> = [
  {
    version: 1,
    name: 'create views',
    sql: `
      CREATE TABLE views (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (collection, id)
      );
    `,
  },
  {
    version: 2,
    name: 'per-collection partial indexes replace the indexes shared by every collection',
    sql: '',
    // the shared ones made every write of every collection update every index; ensureIndex makes the new ones
    run: (db) => {
      const shared = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'readstore\\_views\\_%' ESCAPE '\\'",
        )
        .all() as Array<{ name: string }>;
      for (const { name } of shared) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    },
  },
  {
    version: 3,
    name: 'planner statistics: the rows of one collection are many',
    sql: '',
    // Without statistics SQLite guesses ten rows for `collection = ?` on the primary key, as for an equality on any
    // index, so it read whole collections by their key instead of a declared index's range or equality, and sorted.
    // One row of sqlite_stat1 says otherwise; indexes without a row keep the planner's defaults, and an ANALYZE run
    // on the file later replaces it with measured figures. `ANALYZE sqlite_schema` creates the table if needed and
    // (after the insert) makes the planner read it.
    run: (db) => {
      db.exec('ANALYZE sqlite_schema');
      db.prepare("DELETE FROM sqlite_stat1 WHERE tbl = 'views' AND idx = 'sqlite_autoindex_views_1'").run();
      db.prepare(
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('views', 'sqlite_autoindex_views_1', '1000000 1000000 1')",
      ).run();
      db.exec('ANALYZE sqlite_schema');
    },
  },
  {
    version: 4,
    name: 'one table per collection: the rows and the indexes of views moved to views_<collection>',
    sql: '',
    // An index declared on the shared table was built by reading every collection's rows (ADR "one table per
    // collection"); each collection's rows are copied into its own table, its indexes made again there, then views goes.
    run: splitSharedTable,
  },
];

/**
 * Brings the read store's tables up to date. Its own `readstore_migrations` table keeps the applied
 * versions, so the file can also hold the event store's tables and their migrations.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS readstore_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
    `);
    const { current } = db
      .prepare('SELECT COALESCE(MAX(version), 0) AS current FROM readstore_migrations')
      .get() as { current: number };
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) {
      throw new Error(
        `The read-store schema is at version ${current}; this code knows versions up to ${latest}`,
      );
    }
    const record = db.prepare(
      "INSERT INTO readstore_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    );
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      if (migration.sql) db.exec(migration.sql);
      migration.run?.(db);
      record.run(migration.version, migration.name);
    }
  }).immediate();
}
