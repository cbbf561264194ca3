import type Database from 'better-sqlite3';
import { createTableSql, tableName } from './sql';

/**
 * The collections' tables (one per collection, ADR "one table per collection"): whether a collection has one yet, and
 * its creation on the first write or index. A table found once is remembered (tables are never dropped but by a
 * migration); one not found is looked up again each time, since another connection to the file may create it.
 */
export function collectionTables(db: Database.Database) {
  const known = new Set<string>();
  const lookUp = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();

  const exists = (collection: string): boolean => {
    if (known.has(collection)) return true;
    if (lookUp.get(tableName(collection)) === undefined) return false;
    known.add(collection);
    return true;
  };

  return {
    exists,
    /** Creates the collection's table unless it has one. */
    ensure(collection: string): void {
      if (exists(collection)) return;
      db.exec(createTableSql(collection));
      known.add(collection);
    },
  };
}

export type CollectionTables = ReturnType<typeof collectionTables>;
