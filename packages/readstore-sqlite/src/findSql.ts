import type { Filter, ParsedQuery, Scalar } from '@appeals/readstore';
import { orderBySql, sortColumnsSql, whereSql, type SqlValue } from './sql';

/** A statement and its parameters. */
export interface Statement {
  sql: string;
  params: SqlValue[];
}

/**
 * At most this many values of an `in` are read one index range each and merged (SQLite allows 500 arms in a
 * compound query); a longer list is one `IN`, sorted afterwards.
 */
export const MAX_MERGED_VALUES = 200;

/** The query once per value of its first `in` of 2 to {@link MAX_MERGED_VALUES} distinct values, else undefined. */
function armsOf(query: ParsedQuery): ParsedQuery[] | undefined {
  const position = query.filters.findIndex(
    (filter) => filter.kind === 'in' && new Set(filter.values).size >= 2,
  );
  if (position < 0) return undefined;
  const split = query.filters[position] as Extract<Filter, { kind: 'in' }>;
  const values: Scalar[] = [...new Set(split.values)];
  if (values.length > MAX_MERGED_VALUES) return undefined;
  return values.map((value) => ({
    ...query,
    filters: query.filters.map((filter, i) =>
      i === position ? { field: split.field, kind: 'eq', value } : filter,
    ),
  }));
}

/** One SELECT per arm, joined by UNION ALL, with the parameters in order. */
function compound(collection: string, arms: ParsedQuery[], select: string): Statement {
  const params: SqlValue[] = [];
  const sql = arms
    .map((arm) => {
      const where = whereSql(collection, arm);
      params.push(...where.params);
      return `SELECT ${select} FROM views ${where.sql}`;
    })
    .join(' UNION ALL ');
  return { sql, params };
}

/**
 * Counts the matches up to `countLimit + 1` (one more than the limit tells "more than the limit"), off the index
 * where one serves the filters; an `in` counts one index range per value.
 */
export function countStatement(collection: string, query: ParsedQuery): Statement {
  const arms = armsOf(query);
  const inner = arms
    ? compound(collection, arms, '1')
    : (() => {
        const where = whereSql(collection, query);
        return { sql: `SELECT 1 FROM views ${where.sql}`, params: where.params };
      })();
  return {
    sql: `SELECT COUNT(*) AS total FROM (${inner.sql} LIMIT ?)`,
    params: [...inner.params, query.countLimit + 1],
  };
}

/**
 * The page: its rows (`id, revision, doc`), or — for an `in` over several values — only its ids, in order. Those
 * come from one index range per value merged in the sort order (SQLite merges the ordered arms of a compound query
 * as it reads them, so the page costs its offset and limit, not every match), reading the index alone; the caller
 * then reads the page's documents by id.
 */
export function pageStatement(collection: string, query: ParsedQuery): Statement & { idsOnly: boolean } {
  const paging = [query.limit ?? -1, query.offset];
  const arms = armsOf(query);
  if (!arms) {
    const where = whereSql(collection, query);
    return {
      sql: `SELECT id, revision, doc FROM views ${where.sql} ${orderBySql(query)} LIMIT ? OFFSET ?`,
      params: [...where.params, ...paging],
      idsOnly: false,
    };
  }
  const { columns, orderBy } = sortColumnsSql(query);
  const merged = compound(collection, arms, `id${columns}`);
  return {
    sql: `${merged.sql} ${orderBy} LIMIT ? OFFSET ?`,
    params: [...merged.params, ...paging],
    idsOnly: true,
  };
}

/** Reads documents of one collection (first parameter) by id (a JSON array): the rows of a page whose ids came first. */
export const ROWS_BY_ID =
  'SELECT id, revision, doc FROM views WHERE collection = ? AND id IN (SELECT value FROM json_each(?))';
