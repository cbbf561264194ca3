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
import { createWriteQueue, statementCache } from './writeQueue';

/** Open (and own) a database file, or use a connection someone else owns (e.g. shared with the event store). */
export type SqliteReadStoreOptions = { filename: string } | { db: Database.Database };

interface Row {
  id: string;
  revision: number;
  doc: string;
}

/** Prepared statements kept per SQL text; find queries vary only with the query's shape. */
const STATEMENT_CACHE_SIZE = 100;

/** The read queries: a page of documents (no count), and a page with the total of every match. */
function findQueries(db: Database.Database, prepared: (sql: string) => Database.Statement) {
  /** The page's documents (no count). */
  const itemsOf = (collection: string, parsed: ParsedQuery): unknown[] => {
    if (parsed.limit === 0) return [];
    const where = whereSql(collection, parsed);
    const rows = prepared(
      `SELECT id, revision, doc FROM views ${where.sql} ${orderBySql(parsed)} LIMIT ? OFFSET ?`,
    ).all(...where.params, parsed.limit ?? -1, parsed.offset) as Row[];
    return rows.map(toDocument);
  };

  // One read transaction, so the count and the page see the same snapshot.
  const findPage = db.transaction((collection: string, parsed: ParsedQuery): Page<unknown> => {
    const where = whereSql(collection, parsed);
    const { total } = prepared(`SELECT COUNT(*) AS total FROM views ${where.sql}`).get(...where.params) as {
      total: number;
    };
    if (parsed.limit === 0 || parsed.offset >= total) return { items: [], total };
    return { items: itemsOf(collection, parsed), total };
  });
  return { itemsOf, findPage };
}

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

  const getStatement = db.prepare('SELECT id, revision, doc FROM views WHERE collection = ? AND id = ?');
  const dropStatement = db.prepare('DELETE FROM views WHERE collection = ?');
  const { prepared, clear: clearStatements } = statementCache(db, STATEMENT_CACHE_SIZE);
  const writes = createWriteQueue(db);
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'The read store is closed');
  }

  const { itemsOf, findPage } = findQueries(db, prepared);

  return {
    async upsert(collection, id, doc, revision) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      assertDocument(doc);
      assertRevision(revision);
      const { [REVISION_FIELD]: _ignored, ...body } = doc;
      return writes.enqueue({ collection, id, revision, json: serialize(body) });
    },

    async get<T>(collection: string, id: string) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      writes.flushFor(collection, id);
      const row = getStatement.get(collection, id) as Row | undefined;
      return row ? (toDocument(row) as T & { _revision: number }) : null;
    },

    async find<T>(collection: string, query?: FindQuery) {
      assertOpen();
      assertCollection(collection);
      writes.flushFor(collection);
      return findPage(collection, parseFindQuery(query)) as Page<T>;
    },

    async findItems<T>(collection: string, query?: FindQuery) {
      assertOpen();
      assertCollection(collection);
      writes.flushFor(collection);
      return itemsOf(collection, parseFindQuery(query)) as T[];
    },

    async ensureIndex(collection, fields) {
      assertOpen();
      assertCollection(collection);
      fields.forEach((field) => assertFieldPath(field));
      writes.flush();
      if (fields.length > 0) db.exec(createIndexSql(collection, fields));
    },

    async drop(collection) {
      assertOpen();
      assertCollection(collection);
      writes.flush();
      dropStatement.run(collection);
    },

    async close() {
      if (closed) return;
      writes.flush();
      closed = true;
      clearStatements();
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
