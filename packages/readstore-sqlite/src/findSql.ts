import type { Filter, ParsedQuery, Scalar } from '@appeals/readstore';
import { orderBySql, sortColumnsSql, tableSql, whereSql, type SqlValue } from './sql';

/** A statement and its parameters. */
export interface Statement {
  sql: string;
  params: SqlValue[];
}

/**
 * At most this many arms (SQLite's limit for a compound query): the `in` filters are split, in order, while the
 * product of their values stays within it; one that would pass it stays an `IN` (sorted afterwards).
 */
export const MAX_MERGED_ARMS = 500;

/**
 * The query once per combination of the values of its `in` filters (each of 2 or more distinct values), so that
 * each arm is an index range; undefined when it has no such filter.
 */
function armsOf(query: ParsedQuery): ParsedQuery[] | undefined {
  let arms: Filter[][] = [query.filters];
  let split = false;
  query.filters.forEach((filter, position) => {
    if (filter.kind !== 'in') return;
    const values: Scalar[] = [...new Set(filter.values)];
    if (values.length < 2 || arms.length * values.length > MAX_MERGED_ARMS) return;
    split = true;
    arms = arms.flatMap((filters) =>
      values.map((value) =>
        filters.map((f, i): Filter => (i === position ? { field: filter.field, kind: 'eq', value } : f)),
      ),
    );
  });
  return split ? arms.map((filters) => ({ ...query, filters })) : undefined;
}

/** One SELECT per arm, joined by UNION ALL, with the parameters in order. */
function compound(collection: string, arms: ParsedQuery[], select: string): Statement {
  const params: SqlValue[] = [];
  const sql = arms
    .map((arm) => {
      const where = whereSql(arm);
      params.push(...where.params);
      return `SELECT ${select} FROM ${tableSql(collection)} ${where.sql}`;
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
        const where = whereSql(query);
        return { sql: `SELECT 1 FROM ${tableSql(collection)} ${where.sql}`, params: where.params };
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
    const where = whereSql(query);
    return {
      sql: `SELECT id, revision, doc FROM ${tableSql(collection)} ${where.sql} ${orderBySql(query)} LIMIT ? OFFSET ?`,
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

/** Reads documents of one collection by id (the parameter, a JSON array): the rows of a page whose ids came first. */
export const rowsByIdSql = (collection: string): string =>
  `SELECT id, revision, doc FROM ${tableSql(collection)} WHERE id IN (SELECT value FROM json_each(?))`;
