export type Scalar = string | number | boolean | null;

/** Equality on a (dot-path) field, or membership / range. */
export type Condition = Scalar | { in: Scalar[] } | { lt?: Scalar; lte?: Scalar; gt?: Scalar; gte?: Scalar };

export interface FindQuery {
  where?: Record<string, Condition>;
  sort?: Array<[field: string, direction: 'asc' | 'desc']>;
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The read-store port: projections keep documents here, each guarded by a revision
 * so replaying the log twice changes nothing.
 *
 * @example
 * await views.upsert('appeal_detail', appealId, doc, event.streamPosition); // false if already applied
 * const inbox = await views.find('agency_inbox', { where: { agencyId: 'mon' }, sort: [['deadline', 'asc']], limit: 50 });
 */
export interface ReadStore {
  /** Writes `doc` only when `revision` is greater than the stored one; returns whether it was written. */
  upsert(collection: string, id: string, doc: Record<string, unknown>, revision: number): Promise<boolean>;
  get<T = Record<string, unknown>>(
    collection: string,
    id: string,
  ): Promise<(T & { _revision: number }) | null>;
  find<T = Record<string, unknown>>(collection: string, query?: FindQuery): Promise<Page<T>>;
  /**
   * `find`'s items without its total: no count of every match, so a look-up that needs only the first few (the
   * newest 10 of a key) costs the same however many documents match.
   */
  findItems<T = Record<string, unknown>>(collection: string, query?: FindQuery): Promise<T[]>;
  /** Declares fields a view is queried by; adapters may build indexes. */
  ensureIndex(collection: string, fields: string[]): Promise<void>;
  /** Removes every document of a collection (used to rebuild a view from zero). */
  drop(collection: string): Promise<void>;
  close(): Promise<void>;
}
