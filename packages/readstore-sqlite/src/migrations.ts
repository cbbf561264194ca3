import type Database from 'better-sqlite3';

/** Schema steps of the read store, applied once each, in order. Never edit a released step; add one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
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
      db.exec(migration.sql);
      record.run(migration.version, migration.name);
    }
  }).immediate();
}
