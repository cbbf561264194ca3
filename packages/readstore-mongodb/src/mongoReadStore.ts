import { createHash } from 'node:crypto';
import { MongoClient, type Collection, type Document, type Filter } from 'mongodb';
import {
  ReadStoreError,
  assertCollection,
  assertDocument,
  assertDocumentId,
  assertRevision,
  parseFindQuery,
  parseIndexFields,
  rowComparator,
  type FindQuery,
  type IndexField,
  type Page,
  type ParsedQuery,
  type ReadStore,
  type ViewRow,
} from '@appeals/readstore';
import { BODY_FIELD, fromStored, restoreBody, toStored, type StoredView } from './documents';
import { storedPath, toMongoFilter, toMongoSort, unportableSortValues } from './query';

/**
 * Connect by URL (the store owns the client and closes it), or share a client someone else owns.
 * `dbName` defaults to the database named in the URL (the driver's default, `test`, when it names none).
 */
export type MongoReadStoreOptions = { dbName?: string } & (
  | { url: string; client?: undefined }
  | { client: MongoClient; url?: undefined }
);

/** Each read-store collection is the MongoDB collection `views.<name>` (never a reserved `system.*`). */
export const COLLECTION_PREFIX = 'views.';

/** Upsert attempts when other writers keep inserting the same id between our match and our insert. */
const MAX_UPSERT_ATTEMPTS = 3;

/** Writes `replacement` unless the stored document is at its revision or later; true when it wrote. */
async function guardedUpsert(target: Collection<StoredView>, replacement: StoredView): Promise<boolean> {
  const { _id: id, _revision: revision } = replacement;
  for (let attempt = 1; ; attempt++) {
    try {
      // Matches only a stored revision below ours; with none stored the upsert inserts. When the id is
      // stored at our revision or later, the insert collides on _id: that is "already applied".
      const result = await target.replaceOne({ _id: id, _revision: { $lt: revision } }, replacement, {
        upsert: true,
      });
      return result.matchedCount + result.upsertedCount > 0;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // A collision also happens when another writer inserted the id between our match and our
      // insert, possibly at a lower revision: then ours must still win, so look and try again.
      const stored = await target.findOne({ _id: id }, { projection: { _revision: 1 } });
      if (stored && stored._revision >= revision) return false;
      if (attempt >= MAX_UPSERT_ATTEMPTS) throw error;
    }
  }
}

/** A page in the port's order when MongoDB's own order would differ: sort keys here, then fetch the page. */
async function portablePage(
  target: Collection<StoredView>,
  filter: Filter<StoredView>,
  query: ParsedQuery,
): Promise<StoredView[]> {
  const tops = new Set(query.sort.map(({ field }) => field.split('.')[0]!));
  const projection: Document = { _id: 1, _revision: 1, _escapedKeys: 1 };
  for (const top of tops) projection[`${BODY_FIELD}.${top}`] = 1;
  const keys = await target.find(filter, { projection }).toArray();
  const rows: ViewRow[] = keys.map((stored) => ({
    id: stored._id,
    revision: stored._revision,
    doc: restoreBody(stored),
  }));
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  const ids = [...rows]
    .sort(rowComparator(query))
    .slice(query.offset, end)
    .map((row) => row.id);
  const byId = new Map<string, StoredView>();
  for (const stored of await target.find({ _id: { $in: ids } }).toArray()) byId.set(stored._id, stored);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The documents of a page in the port's order (MongoDB's own order where it agrees, else portablePage). */
async function itemsOf<T>(
  target: Collection<StoredView>,
  filter: Filter<StoredView>,
  parsed: ParsedQuery,
): Promise<T[]> {
  const unportable = unportableSortValues(parsed);
  const portable =
    unportable !== null &&
    (await target.findOne(both(filter, unportable), { projection: { _id: 1 } })) !== null;
  const page = portable
    ? await portablePage(target, filter, parsed)
    : await target
        .find(filter, {
          sort: toMongoSort(parsed),
          skip: parsed.offset,
          ...(parsed.limit === undefined ? {} : { limit: parsed.limit }),
        })
        .toArray();
  return page.map((stored) => fromStored(stored) as T);
}

/**
 * A read store over the MongoDB wire protocol (MongoDB, or FerretDB 1.24 for local runs): one
 * collection per view, documents `{ _id, _revision, doc }`, revision-guarded upserts without
 * transactions, queries that keep the port's semantics (see README).
 *
 * @example
 * const views = createMongoReadStore({ url: 'mongodb://127.0.0.1:57017/appeals' });
 * await views.ensureIndex('agency_inbox', ['agencyId', 'deadline']);
 * await views.upsert('agency_inbox', appealId, doc, event.streamPosition); // false if already applied
 */
export function createMongoReadStore(options: MongoReadStoreOptions): ReadStore {
  const ownsClient = options.client === undefined;
  const client = options.client ?? new MongoClient(options.url, { appName: 'appeals-readstore' });
  const db = client.db(options.dbName);
  const serialized = createKeyedQueue();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'The read store is closed');
  }

  function views(collection: string): Collection<StoredView> {
    return db.collection<StoredView>(`${COLLECTION_PREFIX}${collection}`);
  }

  return {
    async upsert(collection, id, doc, revision) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      assertDocument(doc);
      assertRevision(revision);
      const { body, escaped } = toStored(doc);
      const replacement: StoredView = { _id: id, _revision: revision, doc: body };
      if (escaped) replacement._escapedKeys = true;
      // One write per id at a time from this store: FerretDB applies an update as read-then-write, so
      // two overlapping guarded writes of one id could otherwise both pass the guard.
      return serialized(`${collection}\u0000${id}`, () => guardedUpsert(views(collection), replacement));
    },

    async get<T>(collection: string, id: string) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      const stored = await views(collection).findOne({ _id: id });
      return stored ? (fromStored(stored) as T & { _revision: number }) : null;
    },

    async find<T>(collection: string, query?: FindQuery): Promise<Page<T>> {
      assertOpen();
      assertCollection(collection);
      const parsed = parseFindQuery(query);
      const target = views(collection);
      const filter = toMongoFilter(parsed) as Filter<StoredView>;
      // No transactions: the count and the page are two reads, so a concurrent write may fall between.
      // One more than the count limit tells "more than the limit" without counting every match.
      const counted = await target.countDocuments(filter, { limit: parsed.countLimit + 1 });
      const totalExact = counted <= parsed.countLimit;
      const total = Math.min(counted, parsed.countLimit);
      if (parsed.limit === 0 || (totalExact && parsed.offset >= total))
        return { items: [], total, totalExact };
      return { items: await itemsOf<T>(target, filter, parsed), total, totalExact };
    },

    async findItems<T>(collection: string, query?: FindQuery): Promise<T[]> {
      assertOpen();
      assertCollection(collection);
      const parsed = parseFindQuery(query);
      if (parsed.limit === 0) return [];
      const target = views(collection);
      return itemsOf<T>(target, toMongoFilter(parsed) as Filter<StoredView>, parsed);
    },

    async ensureIndex(collection, fields) {
      assertOpen();
      assertCollection(collection);
      const parsed = parseIndexFields(fields);
      if (parsed.length === 0) return;
      // each field once, in the direction of its first mention
      const keys: Record<string, 1 | -1> = {};
      const named: IndexField[] = [];
      for (const { field, direction } of parsed) {
        const path = storedPath(field);
        if (path in keys) continue;
        keys[path] = direction === 'asc' ? 1 : -1;
        named.push(direction === 'asc' ? field : [field, direction]);
      }
      // The id closes the index, as it closes every sort: a filtered, sorted page comes off the index.
      keys._id = 1;
      await views(collection).createIndex(keys, { name: indexName(named) });
    },

    async drop(collection) {
      assertOpen();
      assertCollection(collection);
      // deleteMany rather than dropping the collection: the declared indexes stay for the rebuild.
      await views(collection).deleteMany({});
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) await client.close();
    },
  };
}

/** `filter` and `extra`; the filter's own top-level conditions stay top-level (FerretDB passes those down). */
function both(filter: Filter<StoredView>, extra: Document): Filter<StoredView> {
  const and = (filter.$and ?? []) as Document[];
  return { ...filter, $and: [...and, extra] } as Filter<StoredView>;
}

function isDuplicateKey(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 11000 || code === 11001;
}

/** A stable index name for a field list: readable, with a hash against collisions and truncation. */
export function indexName(fields: IndexField[]): string {
  const readable = fields
    .map((field) => (typeof field === 'string' ? field : field.join('_')).replace(/\./g, '_'))
    .join('__')
    .slice(0, 60);
  const hash = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 12);
  return `readstore_${readable}_${hash}`;
}

/** Runs tasks with the same key one after another (and tasks with different keys freely). */
function createKeyedQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
