import { assertCollection, parseFindQuery, type FindQuery } from '@appeals/readstore';
import type Database from 'better-sqlite3';
import { countStatement, pageStatement, rowsByIdSql } from './findSql';

/** The plans SQLite picks for the statements `find` runs: the bounded count, the page, and (merged pages) the rows. */
export interface FindPlan {
  count: string[];
  page: string[];
  rows: string[];
}

const planOf = (db: Database.Database, sql: string, params: unknown[]): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map(
    (row) => row.detail,
  );

/**
 * EXPLAIN QUERY PLAN of what `find` runs for `query` on a database holding a SQLite read store, so a test can check
 * that a route's query is served by an index ({@link unindexedSteps}).
 *
 * @example
 * const plan = explainFind(db, 'appeal_summary', { where: { agencyId: 'mon' }, sort: [['dueAt', 'asc']], limit: 50 });
 * expect([...plan.count, ...plan.page].flatMap(unindexedSteps)).toEqual([]);
 */
export function explainFind(db: Database.Database, collection: string, query: FindQuery): FindPlan {
  assertCollection(collection);
  const parsed = parseFindQuery(query);
  const count = countStatement(collection, parsed);
  const page = pageStatement(collection, parsed);
  return {
    count: planOf(db, count.sql, count.params),
    page: planOf(db, page.sql, page.params),
    rows: page.idsOnly ? planOf(db, rowsByIdSql(collection), ['[]']) : [],
  };
}

const UNINDEXED = [
  // a collection's whole table, or the whole of one of its indexes
  /^SCAN views_/,
  // a sort the index order does not give: every match is read before the first row comes out
  /USE TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/,
];

/** The steps of a plan that read more than an index range: a scan of a collection (its table or an index), or a sort step. */
export function unindexedSteps(plan: string[]): string[] {
  return plan.filter((step) => UNINDEXED.some((pattern) => pattern.test(step)));
}
