import type Database from 'better-sqlite3';
import { createTableSql, tableSql } from './sql';

/** A partial index ensureIndex declared on the shared table: its name, its columns and its collection. */
const PARTIAL_INDEX =
  /^CREATE INDEX (?:IF NOT EXISTS )?("[^"]+"|\S+)\s+ON\s+"?views"?\s*\((.*)\)\s*WHERE\s+collection\s*=\s*'([^']+)'\s*$/is;

/**
 * Moves the shared `views` table (read-store schema versions 1 to 3) into one table per collection: each
 * collection's rows copied in id order, the table `views` dropped with its indexes, then each partial index
 * ensureIndex had declared made again on its collection's table (same name, same columns, no WHERE), each built
 * by reading that collection alone. Runs in the migration's transaction: a stop before its commit leaves the old
 * schema whole. Indexes that are not the read store's (no `WHERE collection = '…'`) go with the table.
 */
export function splitSharedTable(db: Database.Database): void {
  const collections = db
    .prepare('SELECT DISTINCT collection FROM views ORDER BY collection')
    .pluck()
    .all() as string[];
  const indexes = (
    db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'views' AND sql IS NOT NULL",
      )
      .pluck()
      .all() as string[]
  ).flatMap((sql) => {
    const match = PARTIAL_INDEX.exec(sql);
    return match ? [{ name: match[1]!, columns: match[2]!, collection: match[3]! }] : [];
  });
  for (const collection of collections) {
    db.exec(createTableSql(collection));
    db.prepare(
      `INSERT INTO ${tableSql(collection)} (id, revision, doc)
       SELECT id, revision, doc FROM views WHERE collection = ? ORDER BY id`,
    ).run(collection);
  }
  db.exec('DROP TABLE views');
  for (const { name, columns, collection } of indexes) {
    db.exec(createTableSql(collection));
    db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${tableSql(collection)} (${columns})`);
  }
}
