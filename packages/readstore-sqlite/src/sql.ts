import { createHash } from 'node:crypto';
import {
  REVISION_FIELD,
  assertCollection,
  assertFieldPath,
  type Filter,
  type ParsedQuery,
  type Scalar,
} from '@appeals/readstore';

type SqlValue = string | number;

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

/** Equality or membership, strictly typed: json_extract alone would equate true with 1. */
function membership(field: FieldSql, values: Scalar[], params: SqlValue[]): string {
  const strings = values.filter((value): value is string => typeof value === 'string');
  const numbers = values.filter((value): value is number => typeof value === 'number');
  const alternatives: string[] = [];
  for (const group of [strings, numbers]) {
    if (group.length === 0) continue;
    params.push(...group);
    const list = group.length === 1 ? '= ?' : `IN (${group.map(() => '?').join(', ')})`;
    alternatives.push(`(${typeGuard(field, group[0]!)} AND ${field.value} ${list})`);
  }
  if (values.includes(true)) alternatives.push(`${field.type} = 'true'`);
  if (values.includes(false)) alternatives.push(`${field.type} = 'false'`);
  // json_extract yields NULL for a JSON null and for a missing path alike.
  if (values.includes(null)) alternatives.push(`${field.value} IS NULL`);
  if (alternatives.length === 0) return '0';
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
}

const RANGE_SQL = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function condition(filter: Filter, params: SqlValue[]): string {
  const field = fieldSql(filter.field);
  switch (filter.kind) {
    case 'eq':
      return membership(field, [filter.value], params);
    case 'in':
      return membership(field, filter.values, params);
    case 'range':
      return filter.bounds
        .map(({ op, value }) => {
          params.push(value);
          return `${typeGuard(field, value)} AND ${field.value} ${RANGE_SQL[op]} ?`;
        })
        .join(' AND ');
  }
}

/**
 * `WHERE` clause (collection first) and its parameters for a parsed query. The collection is written as a literal
 * (COLLECTION_NAME admits no quote), so the planner can use that collection's partial indexes.
 */
export function whereSql(collection: string, query: ParsedQuery): { sql: string; params: SqlValue[] } {
  assertCollection(collection);
  const params: SqlValue[] = [];
  const conditions = [
    `collection = '${collection}'`,
    ...query.filters.map((filter) => condition(filter, params)),
  ];
  return { sql: `WHERE ${conditions.join(' AND ')}`, params };
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

/** A stable, safe index name for one collection's field list (identifier characters plus a hash). */
export function indexName(collection: string, fields: string[]): string {
  const readable = [collection, ...fields]
    .map((part) => part.replace(/[.-]/g, '_'))
    .join('__')
    .slice(0, 80);
  const hash = createHash('sha256')
    .update(JSON.stringify([collection, fields]))
    .digest('hex')
    .slice(0, 12);
  return `readstore_${readable}_${hash}`;
}

/**
 * The CREATE INDEX statement for `ensureIndex`: a partial index over one collection's rows (so a write touches
 * only its own collection's indexes), each field's expression, then id (the final sort key), so a filtered,
 * sorted page is read straight off the index.
 */
export function createIndexSql(collection: string, fields: string[]): string {
  assertCollection(collection);
  const columns = [...fields.map((field) => fieldSql(field).value), 'id'];
  return `CREATE INDEX IF NOT EXISTS "${indexName(collection, fields)}" ON views (${columns.join(', ')}) WHERE collection = '${collection}'`;
}
