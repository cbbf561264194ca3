import type Database from 'better-sqlite3';
import { tableSql } from './sql';
import type { CollectionTables } from './tables';

/** One revision-guarded upsert waiting for the next group commit. */
export interface QueuedWrite {
  collection: string;
  id: string;
  revision: number;
  json: string;
}

interface Pending extends QueuedWrite {
  resolve: (changed: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: upserts issued in the same turn of the event loop are written in one transaction, since a commit (a
 * WAL write of every page the row and its indexes touched) costs far more than the row itself. Each upsert still
 * resolves only once its transaction committed (true when it changed the stored document), and a reader flushes
 * first when a write to what it reads is queued, so nothing reads stale.
 */
export function createWriteQueue(db: Database.Database, tables: CollectionTables) {
  const upserts = new Map<string, Database.Statement>();
  /** The revision-guarded upsert into a collection's table (created on its first write). */
  const upsertInto = (collection: string): Database.Statement => {
    let upsert = upserts.get(collection);
    if (!upsert) {
      tables.ensure(collection);
      const table = tableSql(collection);
      upsert = db.prepare(`
        INSERT INTO ${table} (id, revision, doc) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc
        WHERE excluded.revision > ${table}.revision
      `);
      upserts.set(collection, upsert);
    }
    return upsert;
  };
  const queue: Pending[] = [];
  let flushScheduled = false;
  const runOne = (w: QueuedWrite) => upsertInto(w.collection).run(w.id, w.revision, w.json).changes > 0;
  const writeAll = db.transaction((writes: QueuedWrite[]) => writes.map(runOne));

  function flush(): void {
    flushScheduled = false;
    if (queue.length === 0) return;
    const writes = queue.splice(0);
    let results: boolean[] | undefined;
    try {
      // the tables first, each in its own commit: a write that fails below then rolls back no table
      for (const w of writes) upsertInto(w.collection);
      results = writeAll.immediate(writes);
    } catch {
      // one bad write must not fail the others: write them one by one, each with its own outcome
    }
    writes.forEach((w, i) => {
      if (results) return w.resolve(results[i]!);
      try {
        w.resolve(runOne(w));
      } catch (error) {
        w.reject(error);
      }
    });
  }

  return {
    /** Queues an upsert for this turn's commit. */
    enqueue(write: QueuedWrite): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({
          collection: write.collection,
          id: write.id,
          revision: write.revision,
          json: write.json,
          resolve,
          reject,
        });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    /** Commits what is queued now. */
    flush,
    /** Flushes first if a write to this collection (and document, when given) is queued. */
    flushFor(collection: string, id?: string): void {
      if (queue.some((w) => w.collection === collection && (id === undefined || w.id === id))) flush();
    },
  };
}

/** Prepared statements kept per SQL text (least recently used dropped first): queries vary only with their shape. */
export function statementCache(db: Database.Database, size: number) {
  const statements = new Map<string, Database.Statement>();
  return {
    prepared(sql: string): Database.Statement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
    clear: () => statements.clear(),
  };
}
