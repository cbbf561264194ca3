import Database from 'better-sqlite3';
import path from 'node:path';
import {
  REVISION_FIELD,
  ReadStoreError,
  assertCollection,
  assertDocument,
  assertDocumentId,
  assertRevision,
  parseFindQuery,
  parseIndexFields,
  type FindQuery,
  type Page,
  type ParsedQuery,
  type ReadStore,
  type ReadStoreSource,
} from '@appeals/readstore';
import { startWalCheckpointer } from '@appeals/sqlite-wal';
import { migrate } from './migrations';
import { countStatement, pageStatement, rowsByIdSql } from './findSql';
import { createIndexSql, tableSql } from './sql';
import { collectionTables } from './tables';
import { createWriteQueue, statementCache } from './writeQueue';

/**
 * Open (and own) a database file, or use a connection someone else owns (e.g. shared with the event store). A file
 * it opens is checkpointed by a thread of its own unless `walCheckpoints: 'elsewhere'` (another connection to the
 * file checkpoints it: a rebuild's fold thread beside the process's own store).
 */
export type SqliteReadStoreOptions =
  | { filename: string; walCheckpoints?: 'own' | 'elsewhere' }
  | { db: Database.Database };

interface Row {
  id: string;
  revision: number;
  doc: string;
}

/** Prepared statements kept per SQL text; find queries vary only with the query's shape. */
const STATEMENT_CACHE_SIZE = 100;

/** The read queries: a page of documents (no count), and a page with its matches counted up to the count limit. */
function findQueries(prepared: (sql: string) => Database.Statement) {
  /** The page's documents (no count); a merged page reads its ids first, then their documents. */
  const itemsOf = (collection: string, parsed: ParsedQuery): unknown[] => {
    if (parsed.limit === 0) return [];
    const page = pageStatement(collection, parsed);
    if (!page.idsOnly) return (prepared(page.sql).all(...page.params) as Row[]).map(toDocument);
    const ids = (prepared(page.sql).all(...page.params) as Array<{ id: string }>).map((row) => row.id);
    if (ids.length === 0) return [];
    const byId = new Map<string, Row>();
    for (const row of prepared(rowsByIdSql(collection)).all(JSON.stringify(ids)) as Row[])
      byId.set(row.id, row);
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toDocument(row)] : [];
    });
  };

  /** The page and the matches counted up to the count limit, in one read transaction (one snapshot). */
  const findPage = (collection: string, parsed: ParsedQuery): Page<unknown> => {
    const count = countStatement(collection, parsed);
    const { total: counted } = prepared(count.sql).get(...count.params) as { total: number };
    const totalExact = counted <= parsed.countLimit;
    const total = Math.min(counted, parsed.countLimit);
    if (parsed.limit === 0 || (totalExact && parsed.offset >= total)) return { items: [], total, totalExact };
    return { items: itemsOf(collection, parsed), total, totalExact };
  };
  /** One document by id, or null. */
  const getOne = (collection: string, id: string) => {
    const sql = `SELECT id, revision, doc FROM ${tableSql(collection)} WHERE id = ?`;
    const row = prepared(sql).get(id) as Row | undefined;
    return row ? toDocument(row) : null;
  };
  return { itemsOf, findPage, getOne };
}

/** No document: what a read of a collection that has no table yet answers. */
const noPage = (): Page<unknown> => ({ items: [], total: 0, totalExact: true });

/**
 * The connection a store works on (its own file, migrated, or one it is given), the thread that checkpoints a file
 * it opened (unless another connection does), and how another thread opens the same file.
 */
function openStore(options: SqliteReadStoreOptions) {
  const ownsDb = 'filename' in options;
  const db = ownsDb ? openDatabase(options.filename) : options.db;
  try {
    migrate(db);
  } catch (error) {
    if (ownsDb) db.close();
    throw error;
  }
  if (!ownsDb) return { db, ownsDb, checkpoints: undefined, workerSource: undefined };
  // a file it opened is checkpointed on a worker thread, not by the commit that happens to fill the WAL
  const elsewhere = options.walCheckpoints === 'elsewhere';
  if (elsewhere) db.pragma('wal_autocheckpoint = 0');
  const workerSource: ReadStoreSource | undefined = isInMemory(options.filename)
    ? undefined
    : {
        module: path.join(__dirname, `workerReadStore${path.extname(__filename)}`),
        options: { filename: path.resolve(options.filename), walCheckpoints: 'elsewhere' },
      };
  return { db, ownsDb, checkpoints: elsewhere ? undefined : startWalCheckpointer(db), workerSource };
}

/**
 * A read store in SQLite: one table per collection (`views_<collection>`, created on its first write or index), JSON
 * documents, revision-guarded upserts, queries through json_extract with bound values, and expression indexes from
 * `ensureIndex` on the collection's table.
 *
 * @example
 * const views = createSqliteReadStore({ filename: 'data/appeals.db' });
 * await views.ensureIndex('agency_inbox', ['agencyId', 'deadline']);
 * await views.upsert('agency_inbox', appealId, doc, event.streamPosition);
 */
export function createSqliteReadStore(options: SqliteReadStoreOptions): ReadStore {
  const { db, ownsDb, checkpoints, workerSource } = openStore(options);
  const tables = collectionTables(db);
  const { prepared, clear: clearStatements } = statementCache(db, STATEMENT_CACHE_SIZE);
  const writes = createWriteQueue(db, tables);
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'The read store is closed');
  }

  const { itemsOf, findPage: pageOf, getOne } = findQueries(prepared);
  // one read transaction, so the count and the page (and a merged page's two reads) see the same snapshot
  const findPage = db.transaction(pageOf);
  const findItems = db.transaction(itemsOf);

  return {
    workerSource,

    async upsert(collection, id, doc, revision) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      assertDocument(doc);
      assertRevision(revision);
      return writes.enqueue({ collection, id, revision, json: serialize(withoutRevision(doc)) });
    },

    async get<T>(collection: string, id: string) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      writes.flushFor(collection, id);
      if (!tables.exists(collection)) return null;
      return getOne(collection, id) as (T & { _revision: number }) | null;
    },

    async find<T>(collection: string, query?: FindQuery) {
      assertOpen();
      assertCollection(collection);
      writes.flushFor(collection);
      const parsed = parseFindQuery(query);
      if (!tables.exists(collection)) return noPage() as Page<T>;
      return findPage(collection, parsed) as Page<T>;
    },

    async findItems<T>(collection: string, query?: FindQuery) {
      assertOpen();
      assertCollection(collection);
      writes.flushFor(collection);
      const parsed = parseFindQuery(query);
      if (!tables.exists(collection)) return [];
      return findItems(collection, parsed) as T[];
    },

    async ensureIndex(collection, fields) {
      assertOpen();
      assertCollection(collection);
      const parsed = parseIndexFields(fields);
      writes.flush();
      if (parsed.length === 0) return;
      tables.ensure(collection);
      db.exec(createIndexSql(collection, parsed));
    },

    async drop(collection) {
      assertOpen();
      assertCollection(collection);
      writes.flush();
      // every row at once (SQLite's truncation: no row read); the table and its declared indexes stay for a rebuild
      if (tables.exists(collection)) db.exec(`DELETE FROM ${tableSql(collection)}`);
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

/** SQLite's names for a database that lives only in its connection (no other thread can open it). */
const isInMemory = (filename: string) =>
  filename === '' || filename === ':memory:' || filename.startsWith('file::memory:');

function openDatabase(filename: string): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL loses at most the last transactions on power loss, never consistency;
  // views are rebuildable from the event log anyway.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The document without a `_revision` of its own (the argument is the revision); copied only when it has one. */
function withoutRevision(doc: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(doc, REVISION_FIELD)) return doc;
  const { [REVISION_FIELD]: _ignored, ...body } = doc;
  return body;
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
