import { REVISION_FIELD, type Filter, type ParsedQuery, type Scalar } from '@appeals/readstore';
import type { Document } from 'mongodb';
import { BODY_FIELD, storedString } from './documents';

/** A condition's value as documents store it (a string holding NUL is stored wrapped). */
const stored = (value: Scalar) => (typeof value === 'string' ? storedString(value) : value);

/**
 * Translation of a parsed find query into MongoDB's query language, keeping the port's semantics where
 * MongoDB's differ: MongoDB looks inside arrays (`{ tags: 'x' }` matches `['x']`, and `a.b` walks
 * through an array `a`), the port does not — a path that meets an array is missing, an array never
 * equals a scalar. So every condition also requires that no step of the path is an array. Only
 * operators FerretDB 1.24 implements are used: `$eq $in $lt $lte $gt $gte $type $not $and $or`.
 */

/** The stored field for a field path: the revision, or the path inside the body. */
export function storedPath(field: string): string {
  return field === REVISION_FIELD ? REVISION_FIELD : `${BODY_FIELD}.${field}`;
}

/** The stored paths strictly above a field (`doc.a`, `doc.a.b` for `a.b.c`): arrays there hide it. */
export function parentPaths(field: string): string[] {
  if (field === REVISION_FIELD) return [];
  const steps = field.split('.');
  return steps.slice(0, -1).map((_, i) => `${BODY_FIELD}.${steps.slice(0, i + 1).join('.')}`);
}

const NOT_ARRAY = { $not: { $type: 'array' } };
const MATCH_NOTHING: Document = { _id: { $in: [] } };

/** The path leads through objects only to a value (not an array) that meets `condition`. */
function reachedValue(field: string, condition: Document): Document[] {
  if (field === REVISION_FIELD) return [{ [REVISION_FIELD]: condition }];
  return [
    ...parentPaths(field).map((path) => ({ [path]: NOT_ARRAY })),
    { [storedPath(field)]: { ...condition, ...NOT_ARRAY } },
  ];
}

/** `null` matches an explicit null and a missing value, including one hidden behind an array. */
function nullMatch(field: string): Document {
  const own = { [storedPath(field)]: { $eq: null, ...NOT_ARRAY } };
  const hidden = parentPaths(field).map((path) => ({ [path]: { $type: 'array' } }));
  return hidden.length === 0 ? own : { $or: [...hidden, own] };
}

function allOf(conditions: Document[]): Document {
  return conditions.length === 1 ? conditions[0]! : { $and: conditions };
}

/** Equality or membership; MongoDB's `$eq`/`$in` already tell 3 from '3' and true from 1. */
function membership(field: string, values: Scalar[]): Document[] {
  const present = values.filter((value) => value !== null).map(stored);
  const withNull = values.includes(null);
  if (present.length === 0) return [withNull ? nullMatch(field) : MATCH_NOTHING];
  const matched = reachedValue(field, present.length === 1 ? { $eq: present[0] } : { $in: present });
  return withNull ? [{ $or: [allOf(matched), nullMatch(field)] }] : matched;
}

/** Range bounds compare only values of their own type: MongoDB's type bracketing does exactly that. */
function range(field: string, filter: Extract<Filter, { kind: 'range' }>): Document[] {
  const condition = Object.fromEntries(filter.bounds.map(({ op, value }) => [`$${op}`, stored(value)]));
  return reachedValue(field, condition);
}

/**
 * Plain `{ path: value }` copies of the query's equalities on one value, beside the exact conditions: they change
 * no result (the exact conditions are stricter), but they are the one shape FerretDB 1.24 passes down to
 * PostgreSQL's WHERE; without them it reads and decodes every document of the collection for any query.
 */
function pushdownHints(query: ParsedQuery): Document {
  const hints: Document = {};
  for (const filter of query.filters)
    if (filter.kind === 'eq' && filter.value !== null && filter.field !== REVISION_FIELD)
      hints[storedPath(filter.field)] = stored(filter.value);
  return hints;
}

/** The MongoDB filter for a parsed query (`{}` when it has no conditions). */
export function toMongoFilter(query: ParsedQuery): Document {
  const hints = pushdownHints(query);
  const exact = exactFilter(query);
  if (Object.keys(hints).length === 0) return exact;
  const onlyAnd = Object.keys(exact).length === 1 && Array.isArray(exact.$and);
  return { ...hints, $and: onlyAnd ? (exact.$and as Document[]) : [exact] };
}

function exactFilter(query: ParsedQuery): Document {
  const conditions = query.filters.flatMap((filter): Document[] => {
    switch (filter.kind) {
      case 'eq':
        return membership(filter.field, [filter.value]);
      case 'in':
        return membership(filter.field, filter.values);
      case 'range':
        return range(filter.field, filter);
    }
  });
  return conditions.length === 0 ? {} : allOf(conditions);
}

/** MongoDB's sort for the query's keys (each field once, as the port's first mention decides), then id. */
export function toMongoSort(query: ParsedQuery): Array<[string, 1 | -1]> {
  const seen = new Set<string>();
  const keys: Array<[string, 1 | -1]> = [];
  for (const { field, direction } of query.sort) {
    if (seen.has(field)) continue;
    seen.add(field);
    keys.push([storedPath(field), direction === 'asc' ? 1 : -1]);
  }
  keys.push(['_id', 1]);
  return keys;
}

/**
 * Documents MongoDB would order differently from the port: a sort key holding a boolean (MongoDB puts
 * booleans after strings; the port counts them as 0/1 among numbers), an object or an array (MongoDB
 * sorts arrays by their least/greatest element), or a sort path that runs through an array. `null` when
 * the native order is always right (no sort keys, or only `_revision`).
 */
export function unportableSortValues(query: ParsedQuery): Document | null {
  const alternatives = query.sort
    .filter(({ field }) => field !== REVISION_FIELD)
    .flatMap(({ field }) => [
      { [storedPath(field)]: { $type: ['bool', 'object', 'array'] } },
      ...parentPaths(field).map((path) => ({ [path]: { $type: 'array' } })),
    ]);
  return alternatives.length === 0 ? null : { $or: alternatives };
}
