import { ReadStoreError } from './errors';
import { compareStrings, rowComparator, valueAt, type ViewRow } from './order';
import type { FindQuery, Page, ReadStore, Scalar } from './port';
import {
  REVISION_FIELD,
  assertCollection,
  assertDocument,
  assertDocumentId,
  assertRevision,
  parseFindQuery,
  parseIndexFields,
  type Filter,
} from './query';

type Entry = ViewRow;

/**
 * A read store in process memory (tests, embedded demos). Documents are kept and handed out as
 * deep copies; queries follow the same rules as the SQLite adapter (see README).
 *
 * @example
 * const views = createInMemoryReadStore();
 * await views.upsert('appeal_detail', appealId, { status: 'registered' }, 0);
 */
export function createInMemoryReadStore(): ReadStore {
  const collections = new Map<string, Map<string, Entry>>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'The read store is closed');
  }

  function withRevision<T>(entry: Entry): T & { _revision: number } {
    return { ...structuredClone(entry.doc), [REVISION_FIELD]: entry.revision } as T & { _revision: number };
  }

  return {
    async upsert(collection, id, doc, revision) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      assertDocument(doc);
      assertRevision(revision);
      let entries = collections.get(collection);
      if (!entries) {
        entries = new Map();
        collections.set(collection, entries);
      }
      const stored = entries.get(id);
      if (stored && revision <= stored.revision) return false;
      const { [REVISION_FIELD]: _ignored, ...body } = doc;
      entries.set(id, { id, revision, doc: structuredClone(body) });
      return true;
    },

    async get<T>(collection: string, id: string) {
      assertOpen();
      assertCollection(collection);
      assertDocumentId(id);
      const entry = collections.get(collection)?.get(id);
      return entry ? withRevision<T>(entry) : null;
    },

    async find<T>(collection: string, query?: FindQuery): Promise<Page<T>> {
      assertOpen();
      assertCollection(collection);
      const parsed = parseFindQuery(query);
      const matching = [...(collections.get(collection)?.values() ?? [])].filter((entry) =>
        parsed.filters.every((filter) => matches(entry, filter)),
      );
      matching.sort(rowComparator(parsed));
      const end = parsed.limit === undefined ? undefined : parsed.offset + parsed.limit;
      return {
        items: matching.slice(parsed.offset, end).map((entry) => withRevision<T>(entry)),
        total: Math.min(matching.length, parsed.countLimit),
        totalExact: matching.length <= parsed.countLimit,
      };
    },

    async findItems<T>(collection: string, query?: FindQuery): Promise<T[]> {
      return (await this.find<T>(collection, query)).items;
    },

    async ensureIndex(collection, fields) {
      assertOpen();
      assertCollection(collection);
      parseIndexFields(fields);
    },

    async drop(collection) {
      assertOpen();
      assertCollection(collection);
      collections.delete(collection);
    },

    async close() {
      closed = true;
      collections.clear();
    },
  };
}

function equals(value: unknown, expected: Scalar): boolean {
  // null matches an explicit null and a missing field alike (as in SQLite and MongoDB).
  if (expected === null) return value === null || value === undefined;
  return value === expected;
}

function matches(entry: Entry, filter: Filter): boolean {
  const value = valueAt(entry, filter.field);
  switch (filter.kind) {
    case 'eq':
      return equals(value, filter.value);
    case 'in':
      return filter.values.some((expected) => equals(value, expected));
    case 'range':
      // Bounds compare only with values of their own type: 'abc' is not greater than 5.
      return filter.bounds.every(({ op, value: bound }) => {
        if (typeof value !== typeof bound) return false;
        const order =
          typeof bound === 'string' ? compareStrings(value as string, bound) : (value as number) - bound;
        switch (op) {
          case 'lt':
            return order < 0;
          case 'lte':
            return order <= 0;
          case 'gt':
            return order > 0;
          case 'gte':
            return order >= 0;
        }
      });
  }
}
