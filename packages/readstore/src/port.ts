export type Scalar = string | number | boolean | null;

/** Equality on a (dot-path) field, or membership / range. */
export type Condition = Scalar | { in: Scalar[] } | { lt?: Scalar; lte?: Scalar; gt?: Scalar; gte?: Scalar };

export type Direction = 'asc' | 'desc';

/** How many matches `find` counts at most, unless the query sets its own `countLimit`. */
export const COUNT_LIMIT = 10_000;

export interface FindQuery {
  where?: Record<string, Condition>;
  sort?: Array<[field: string, direction: Direction]>;
  limit?: number;
  offset?: number;
  /**
   * `find` counts the matches up to this many (default {@link COUNT_LIMIT}), so a page costs the same however many
   * documents match; `findItems` counts nothing.
   */
  countLimit?: number;
}

export interface Page<T> {
  items: T[];
  /** the matches, counted up to the query's count limit */
  total: number;
  /** false when more documents match than the count limit: `total` is then the limit, a lower bound */
  totalExact: boolean;
}

/** A field of an index, ascending, or with the direction a sort reads it in (`['registeredAt', 'desc']`). */
export type IndexField = string | [field: string, direction: Direction];

/**
 * The read-store port: projections keep documents here, each guarded by a revision
 * so replaying the log twice changes nothing.
 *
 * @example
 * await views.upsert('appeal_detail', appealId, doc, event.streamPosition); // false if already applied
 * const inbox = await views.find('agency_inbox', { where: { agencyId: 'mon' }, sort: [['deadline', 'asc']], limit: 50 });
 * // inbox.total counts at most 10,000 matches; inbox.totalExact is false when more match
 */
export interface ReadStore {
  /** Writes `doc` only when `revision` is greater than the stored one; returns whether it was written. */
  upsert(collection: string, id: string, doc: Record<string, unknown>, revision: number): Promise<boolean>;
  get<T = Record<string, unknown>>(
    collection: string,
    id: string,
  ): Promise<(T & { _revision: number }) | null>;
  /** A page of the matches in the query's order (ties by id), and their number counted up to `countLimit`. */
  find<T = Record<string, unknown>>(collection: string, query?: FindQuery): Promise<Page<T>>;
  /**
   * `find`'s items without its total: no count of every match, so a look-up that needs only the first few (the
   * newest 10 of a key) costs the same however many documents match.
   */
  findItems<T = Record<string, unknown>>(collection: string, query?: FindQuery): Promise<T[]>;
  /**
   * Declares the fields a view is queried by, equality fields first, then the sort keys in their direction
   * (`['agencyId', ['registeredAt', 'desc']]` serves `where agencyId, sort registeredAt desc`); adapters build
   * indexes that end with the id, as every order does.
   */
  ensureIndex(collection: string, fields: IndexField[]): Promise<void>;
  /** Removes every document of a collection (used to rebuild a view from zero). */
  drop(collection: string): Promise<void>;
  close(): Promise<void>;
  /**
   * How a worker thread opens this same read store itself (a store in a file: SQLite): `module` (an absolute path)
   * exports `openReadStore(options)`. A rebuild's fold threads write through it. Absent where a thread cannot.
   */
  readonly workerSource?: ReadStoreSource | undefined;
}

/** A module a worker thread loads to open a read store (`openReadStore(options)`), and its plain options. */
export interface ReadStoreSource {
  module: string;
  options: unknown;
}
