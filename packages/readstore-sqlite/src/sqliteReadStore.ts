import Database from 'better-sqlite3';
import {
  REVISION_FIELD,
  ReadStoreError,
  assertCollection,
  assertDocument,
  assertDocumentId,
  assertFieldPath,
  assertRevision,
  parseFindQuery,
  type FindQuery,
  type Page,
  type ParsedQuery,
  type ReadStore,
} from '@appeals/readstore';
import { startWalCheckpointer } from '@appeals/sqlite-wal';
import { migrate } from './migrations';
import { createIndexSql, orderBySql, whereSql } from './sql';

/** Open (and own) a database file, or use a connection someone else owns (e.g. shared with the event store). */
export type SqliteReadStoreOptions = { filename: string } | { db: Database.Database };

interface QueuedWrite {
  collection: string;
  id: string;
  revision: number;
  json: string;
  resolve: (changed: boolean) => void;
  reject: (error: unknown) => void;
}

interface Row {
  id: string;
  revision: number;
  doc: string;
}

/** Prepared statements kept per SQL text; find queries vary only with the query's shape. */
const STATEMENT_CACHE_SIZE = 100;

/**
 * A read store in SQLite: one `views` table, JSON documents, revision-guarded upserts, queries through
 * json_extract with bound values, and expression indexes from `ensureIndex`.
 *
 * @example
 * const views = createSqliteReadStore({ filename: 'data/appeals.db' });
 * await views.ensureIndex('agency_inbox', ['agencyId', 'deadline']);
 * await views.upsert('agency_inbox', appealId, doc, event.streamPosition);
 */
export function createSqliteReadStore(options: SqliteReadStoreOptions): ReadStore {
  const ownsDb = 'filename' in options;
  const db = ownsDb ? openDatabase(options.filename) : options.db;
  try {
    migrate(db);
  } catch (error) {
    if (ownsDb) db.close();
    throw error;
  }
  // a file it opened is checkpointed on a worker thread, not by the commit that happens to fill the WAL
  const checkpoints = ownsDb ? startWalCheckpointer(db) : undefined;

  const upsertStatement = db.prepare(`
    INSERT INTO views (collection, id, revision, doc) VALUES (?, ?, ?, ?)
    ON CONFLICT (collection, id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc
    WHERE excluded.revision > views.revision
  `);
  const getStatement = db.prepare('SELECT id, revision, doc FROM views WHERE collection = ? AND id = ?');
  const dropStatement = db.prepare('DELETE FROM views WHERE collection = ?');
  const statements = new Map<string, Database.Statement>();
  let closed = false;

  // Group commit: upserts issued in the same turn of the event loop are written in one transaction, since a commit
  // (a WAL write of every page the row and its indexes touched) costs far more than the row itself. Each upsert
  // still resolves only once its transaction committed, and a read of a document (or collection) with a queued
  // write flushes first, so nothing reads stale.
  const queue: QueuedWrite[] = [];
  let flushScheduled = false;
  const runOne = (w: QueuedWrite) => upsertStatement.run(w.collection, w.id, w.revision, w.json).changes > 0;
  const writeAll = db.transaction((writes: QueuedWrite[]) => writes.map(runOne));
  function flush(): void {
    flushScheduled = false;
    if (queue.length === 0) return;
    const writes = queue.splice(0);
    let results: boolean[] | undefined;
    try {
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

  function prepared(sql: string): Database.Statement {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
    } else {
      statement = db.prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    return statement;
  }

  function assertOpen(): void {
    if (closed) throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'The read store is closed');
  }

  // One read transaction, so the count and the page see the same snapshot.
  const findPage = db.transaction((collection: string, parsed: ParsedQuery): Page<unknown> => {
    const where = whereSql(collection, parsed);
    const { total } = prepared(`SELECT COUNT(*) AS total FROM views ${where.sql}`).get(...where.params) as {
      total: number;
    };
    if (parsed.limit === 0 || parsed.offset >= total) return { items: [], total };
    const rows = prepared(
      `SELECT id, revision, doc FROM views ${where.sql} ${orderBySql(parsed)} LIMIT ? OFFSET ?`,
    ).all(...where.params, parsed.limit ?? -1, parsed.offset) as Row[];
    return { items: rows.map(toDocument), total };
  });

  return {
    async upsert(collection, id, doc, revision) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      assertDocument(doc);
      assertRevision(revision);
      const { [REVISION_FIELD]: _ignored, ...body } = doc;
      const json = serialize(body);
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ collection, id, revision, json, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },

    async get<T>(collection: string, id: string) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      if (queue.some((w) => w.id === id && w.collection === collection)) flush();
      const row = getStatement.get(collection, id) as Row | undefined;
      return row ? (toDocument(row) as T & { _revision: number }) : null;
    },

    async find<T>(collection: string, query?: FindQuery) {
      assertOpen();
      assertCollection(collection);
      if (queue.some((w) => w.collection === collection)) flush();
      return findPage(collection, parseFindQuery(query)) as Page<T>;
    },

    async ensureIndex(collection, fields) {
      assertOpen();
      assertCollection(collection);
      fields.forEach((field) => assertFieldPath(field));
      flush();
      if (fields.length > 0) db.exec(createIndexSql(collection, fields));
    },

    async drop(collection) {
      assertOpen();
      assertCollection(collection);
      flush();
      dropStatement.run(collection);
    },

    async close() {
      if (closed) return;
      flush();
      closed = true;
      statements.clear();
      await checkpoints?.stop();
      if (ownsDb) db.close();
    },
  };
}

function openDatabase(filename: string): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL loses at most the last transactions on power loss, never consistency;
  // views are rebuildable from the event log anyway.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

function serialize(doc: Record<string, unknown>): string {
  try {
    return JSON.stringify(doc);
  } catch (error) {
    throw new ReadStoreError(
      'READSTORE.INVALID_ARGUMENT',
      `A document must be JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function toDocument(row: Row): Record<string, unknown> & { _revision: number } {
  return { ...(JSON.parse(row.doc) as Record<string, unknown>), [REVISION_FIELD]: row.revision };
}
