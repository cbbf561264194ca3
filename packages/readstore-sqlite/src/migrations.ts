import type Database from 'better-sqlite3';

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
