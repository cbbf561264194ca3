import { ReadStoreError } from './errors';
import {
  COUNT_LIMIT,
  type Condition,
  type Direction,
  type FindQuery,
  type IndexField,
  type Scalar,
} from './port';

/** A field path adapters may use: dot-separated identifiers (`status`, `applicant.region`). */
export const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Collection names every adapter accepts (SQLite, MongoDB): identifier-like, dots and dashes allowed. */
export const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,119}$/;

/** The pseudo-field naming a document's stored revision in `where` and `sort`. */
export const REVISION_FIELD = '_revision';

export type RangeOperator = 'lt' | 'lte' | 'gt' | 'gte';

/** One `where` entry, validated and normalised. */
export type Filter =
  | { field: string; kind: 'eq'; value: Scalar }
  | { field: string; kind: 'in'; values: Scalar[] }
  | { field: string; kind: 'range'; bounds: Array<{ op: RangeOperator; value: string | number }> };

/** A find query every adapter can translate without re-checking it. */
export interface ParsedQuery {
  filters: Filter[];
  /** the requested keys; adapters break remaining ties by id, ascending */
  sort: Array<{ field: string; direction: 'asc' | 'desc' }>;
  offset: number;
  limit: number | undefined;
  /** how many matches `find` counts at most */
  countLimit: number;
}

const RANGE_OPERATORS: readonly RangeOperator[] = ['lt', 'lte', 'gt', 'gte'];

function invalid(message: string): ReadStoreError {
  return new ReadStoreError('READSTORE.INVALID_QUERY', message);
}

/** Throws unless `field` is a safe dot path (adapters may then inline it into a query). */
export function assertFieldPath(field: unknown): asserts field is string {
  if (typeof field !== 'string' || !FIELD_PATH.test(field)) {
    throw invalid(`Invalid field path ${JSON.stringify(field)}: expected dot-separated identifiers`);
  }
}

/** Throws unless `name` is a collection name every adapter accepts. */
export function assertCollection(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', `Invalid collection name ${JSON.stringify(name)}`);
  }
}

/** Throws unless `id` is a non-empty string. */
export function assertDocumentId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', `Invalid document id ${JSON.stringify(id)}`);
  }
}

/** Throws unless `revision` is a non-negative safe integer (a stream or log position). */
export function assertRevision(revision: unknown): asserts revision is number {
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', `Invalid revision ${String(revision)}`);
  }
}

/** Throws unless `doc` is a plain object (not an array, not null). */
export function assertDocument(doc: unknown): asserts doc is Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'A document must be a plain object');
  }
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function parseCondition(field: string, condition: Condition): Filter | null {
  if (isScalar(condition)) return { field, kind: 'eq', value: condition };
  if (typeof condition !== 'object' || Array.isArray(condition)) {
    throw invalid(`Invalid condition on ${field}: ${String(condition)}`);
  }
  const keys = Object.keys(condition).filter(
    (key) => (condition as Record<string, unknown>)[key] !== undefined,
  );
  if ('in' in condition && condition.in !== undefined) {
    if (keys.length !== 1) throw invalid(`Condition on ${field} mixes "in" with other operators`);
    const values: unknown = condition.in;
    if (!Array.isArray(values) || !values.every(isScalar)) {
      throw invalid(`"in" on ${field} needs an array of strings, numbers, booleans or null`);
    }
    return { field, kind: 'in', values: [...values] };
  }
  const bounds: Array<{ op: RangeOperator; value: string | number }> = [];
  for (const key of keys) {
    if (!(RANGE_OPERATORS as readonly string[]).includes(key)) {
      throw invalid(`Unknown operator "${key}" on ${field}`);
    }
    const value = (condition as Record<string, unknown>)[key];
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw invalid(`Range bound ${key} on ${field} must be a string or a finite number`);
    }
    bounds.push({ op: key as RangeOperator, value });
  }
  // `{}` or only undefined bounds: no constraint, so optional filters can be passed through as-is.
  return bounds.length > 0 ? { field, kind: 'range', bounds } : null;
}

function nonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Validates a find query and normalises it for adapters: safe field paths, known operators,
 * scalar values, non-negative paging. Conditions that are `undefined` are dropped.
 */
export function parseFindQuery(query: FindQuery = {}): ParsedQuery {
  if (typeof query !== 'object' || query === null) throw invalid('A query must be an object');
  const filters: Filter[] = [];
  const where: unknown = query.where ?? {};
  if (typeof where !== 'object' || where === null || Array.isArray(where))
    throw invalid('where must be an object');
  for (const [field, condition] of Object.entries(where as Record<string, Condition | undefined>)) {
    assertFieldPath(field);
    if (condition === undefined) continue;
    const filter = parseCondition(field, condition);
    if (filter) filters.push(filter);
  }
  const sortKeys: unknown = query.sort ?? [];
  if (!Array.isArray(sortKeys)) throw invalid('sort must be an array of [field, direction] pairs');
  const sort = sortKeys.map((key: unknown) => {
    if (!Array.isArray(key) || key.length !== 2)
      throw invalid('sort must be an array of [field, direction] pairs');
    return fieldWithDirection(key[0], key[1]);
  });
  const countLimit = nonNegativeInteger('countLimit', query.countLimit) ?? COUNT_LIMIT;
  if (countLimit === 0) throw invalid('countLimit must be at least 1');
  return {
    filters,
    sort,
    offset: nonNegativeInteger('offset', query.offset) ?? 0,
    limit: nonNegativeInteger('limit', query.limit),
    countLimit,
  };
}

function fieldWithDirection(field: unknown, direction: unknown): { field: string; direction: Direction } {
  assertFieldPath(field);
  if (direction !== 'asc' && direction !== 'desc') {
    throw invalid(`Sort direction on ${field} must be "asc" or "desc"`);
  }
  return { field, direction };
}

/** Validates the fields of an index (`'status'` or `['registeredAt', 'desc']`) and gives each its direction. */
export function parseIndexFields(fields: IndexField[]): Array<{ field: string; direction: Direction }> {
  if (!Array.isArray(fields)) throw invalid('An index needs an array of fields');
  return fields.map((entry: unknown) => {
    if (typeof entry === 'string') return fieldWithDirection(entry, 'asc');
    if (!Array.isArray(entry) || entry.length !== 2)
      throw invalid('An index field is a field path or a [field, direction] pair');
    return fieldWithDirection(entry[0], entry[1]);
  });
}
