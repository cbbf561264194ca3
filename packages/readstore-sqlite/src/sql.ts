import { createHash } from 'node:crypto';
import {
  REVISION_FIELD,
  assertCollection,
  assertFieldPath,
  compareStrings,
  type Direction,
  type Filter,
  type ParsedQuery,
  type Scalar,
} from '@appeals/readstore';

export type SqlValue = string | number;

/** SQL for a field's value and its JSON type; only for paths that passed FIELD_PATH. */
interface FieldSql {
  value: string;
  type: string;
}

const NUMERIC = "IN ('integer', 'real')";

/**
 * `json_extract(doc, '$.a.b')` for a validated dot path. The path is inlined (not bound) so that the
 * expression matches the expression indexes `ensureIndex` creates; FIELD_PATH admits only identifiers.
 */
function fieldSql(field: string): FieldSql {
  assertFieldPath(field);
  if (field === REVISION_FIELD) return { value: 'revision', type: "'integer'" };
  const path = `'$.${field}'`;
  return { value: `json_extract(doc, ${path})`, type: `json_type(doc, ${path})` };
}

function typeGuard(field: FieldSql, sample: string | number): string {
  return typeof sample === 'string' ? `${field.type} = 'text'` : `${field.type} ${NUMERIC}`;
}

/**
 * Whether json_extract alone could equate `value` with a value of another JSON type: it yields an object's or an
 * array's JSON text (which begins with `{` or `[`), and 1 or 0 for true or false. Any other value needs no type check,
 * so the condition is answered from an index alone, without reading the document.
 */
function confusable(value: string | number): boolean {
  return typeof value === 'string'
    ? value.startsWith('{') || value.startsWith('[')
    : value === 0 || value === 1;
}

/** Equality or membership, strictly typed: json_extract alone would equate true with 1. */
function membership(field: FieldSql, values: Scalar[], params: SqlValue[]): string {
  const strings = values.filter((value): value is string => typeof value === 'string');
  const numbers = values.filter((value): value is number => typeof value === 'number');
  const alternatives: string[] = [];
  for (const group of [strings, numbers]) {
    if (group.length === 0) continue;
    params.push(...group);
    const list = group.length === 1 ? '= ?' : `IN (${group.map(() => '?').join(', ')})`;
    alternatives.push(
      group.some(confusable)
        ? `(${typeGuard(field, group[0]!)} AND ${field.value} ${list})`
        : `${field.value} ${list}`,
    );
  }
  // the value first, so an index on the field finds the candidates; the type then tells true from 1
  if (values.includes(true)) alternatives.push(`(${field.value} = 1 AND ${field.type} = 'true')`);
  if (values.includes(false)) alternatives.push(`(${field.value} = 0 AND ${field.type} = 'false')`);
  // json_extract yields NULL for a JSON null and for a missing path alike.
  if (values.includes(null)) alternatives.push(`${field.value} IS NULL`);
  if (alternatives.length === 0) return '0';
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
}

const RANGE_SQL = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

type Bounds = Extract<Filter, { kind: 'range' }>['bounds'];

/** An upper bound at or below `[` leaves out every object's and array's JSON text (they begin with `[` or `{`). */
function belowContainers(bounds: Bounds): boolean {
  return bounds.some(
    ({ op, value }) =>
      typeof value === 'string' &&
      ((op === 'lt' && compareStrings(value, '[') <= 0) || (op === 'lte' && compareStrings(value, '[') < 0)),
  );
}

/**
 * A range, comparing only values of the bounds' type. SQLite orders NULL, then numbers (booleans as 0/1), then
 * text: string bounds with a lower bound (`>= ''` at least) leave out null, numbers and booleans by themselves, and
 * an upper bound below `[` leaves out objects and arrays, so such a range is answered from an index alone.
 */
function rangeSql(field: FieldSql, bounds: Bounds, params: SqlValue[]): string {
  const conditions = bounds.map(({ op, value }) => {
    params.push(value);
    return `${field.value} ${RANGE_SQL[op]} ?`;
  });
  if (!bounds.every(({ value }) => typeof value === 'string')) {
    return bounds.map(({ value }, i) => `${typeGuard(field, value)} AND ${conditions[i]}`).join(' AND ');
  }
  if (!bounds.some(({ op }) => op === 'gt' || op === 'gte')) conditions.push(`${field.value} >= ''`);
  if (!belowContainers(bounds)) conditions.unshift(`${field.type} = 'text'`);
  return conditions.join(' AND ');
}

function condition(filter: Filter, params: SqlValue[]): string {
  const field = fieldSql(filter.field);
  switch (filter.kind) {
    case 'eq':
      return membership(field, [filter.value], params);
    case 'in':
      return membership(field, filter.values, params);
    case 'range':
      return rangeSql(field, filter.bounds, params);
  }
}

/**
 * The table that holds one collection's documents: `views_` and the name, each capital letter written as `^` and the
 * letter in lower case (SQLite's names ignore case, COLLECTION_NAME admits no `^` and no quote: one table per name).
 */
export function tableName(collection: string): string {
  assertCollection(collection);
  return `views_${collection.replace(/[A-Z]/g, (letter) => `^${letter.toLowerCase()}`)}`;
}

/** {@link tableName} quoted, to write into SQL. */
export const tableSql = (collection: string): string => `"${tableName(collection)}"`;

/**
 * The table of a collection: its documents by id, each with its revision (created on the collection's first write).
 * No `json_valid` check: every document is the adapter's own JSON.stringify, and the check parsed each one again.
 */
export function createTableSql(collection: string): string {
  return `CREATE TABLE IF NOT EXISTS ${tableSql(collection)} (
    id TEXT PRIMARY KEY NOT NULL,
    revision INTEGER NOT NULL,
    doc TEXT NOT NULL
  )`;
}

/** `WHERE` clause (empty when the query has no filter) and its parameters for a parsed query. */
export function whereSql(query: ParsedQuery): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  const conditions = query.filters.map((filter) => condition(filter, params));
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
}

/**
 * `ORDER BY` for a parsed query; ties end with id. SQLite's order over json_extract puts NULL first,
 * then numbers (booleans as 0/1), then text, compared bytewise (code point order).
 */
export function orderBySql(query: ParsedQuery): string {
  const keys = query.sort.map(
    ({ field, direction }) => `${fieldSql(field).value} ${direction.toUpperCase()}`,
  );
  return `ORDER BY ${[...keys, 'id ASC'].join(', ')}`;
}

/** The sort keys as result columns `k0`, `k1`… (a compound query orders by its result columns only). */
export function sortColumnsSql(query: ParsedQuery): { columns: string; orderBy: string } {
  const columns = query.sort.map(({ field }, i) => `, ${fieldSql(field).value} AS k${i}`).join('');
  const keys = query.sort.map(({ direction }, i) => `k${i} ${direction.toUpperCase()}`);
  return { columns, orderBy: `ORDER BY ${[...keys, 'id ASC'].join(', ')}` };
}

/** A stable, safe index name for one collection's field list (identifier characters plus a hash). */
export function indexName(collection: string, fields: IndexFieldSql[]): string {
  const named = fields.map(({ field, direction }) => (direction === 'asc' ? field : [field, direction]));
  const readable = [
    collection,
    ...named.map((field) => (typeof field === 'string' ? field : field.join('_'))),
  ]
    .map((part) => part.replace(/[.-]/g, '_'))
    .join('__')
    .slice(0, 80);
  const hash = createHash('sha256')
    .update(JSON.stringify([collection, named]))
    .digest('hex')
    .slice(0, 12);
  return `readstore_${readable}_${hash}`;
}

/** An index field as `parseIndexFields` gives it. */
export interface IndexFieldSql {
  field: string;
  direction: Direction;
}

/**
 * The CREATE INDEX statement for `ensureIndex`: an index on the collection's own table (so declaring it reads that
 * collection alone, and a write touches only its own collection's indexes), each field's expression in its direction,
 * then id (the final sort key), so a filtered, sorted page is read straight off the index.
 */
export function createIndexSql(collection: string, fields: IndexFieldSql[]): string {
  const columns = [
    ...fields.map(({ field, direction }) => fieldSql(field).value + (direction === 'desc' ? ' DESC' : '')),
    'id',
  ];
  return `CREATE INDEX IF NOT EXISTS "${indexName(collection, fields)}" ON ${tableSql(collection)} (${columns.join(', ')})`;
}
