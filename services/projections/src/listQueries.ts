import { isOpenStatus, OPEN_STATUSES, type AppealStatus } from '@appeals/contracts';
import { COUNT_LIMIT, type FindQuery, type IndexField, type ReadStore } from '@appeals/readstore';
import { ensureFaqIndexes } from './faqView';
import type { ViewNames } from './generations';
import type { RegisteredRange } from './period';
import { DIRTY_INDEX } from './statsDirty';
import { Views } from './views';

// The queries the list routes (inbox, search, cabinet, look-up) send to the read views, and the indexes that serve
// them: each query is an index range (one per agency of a subtree, merged), read in the index's order, counted up to
// the read store's count limit. listQueries.int.test.ts checks every shape against SQLite's plans.

/** How deep a list may be paged by offset: as far as its total is counted. */
export const MAX_LIST_OFFSET = COUNT_LIMIT;

/**
 * The latest instant an ISO timestamp names: a bound that closes a range "from … on", so the read store needs no
 * type check on the value (a string range closed below `[` holds no object or array) and counts off the index.
 */
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';

/**
 * The indexes of the summary view, one per query shape below: equality fields first, then the sort key. Without
 * statistics SQLite rates an index by its kinds of constraints and barely by how many equalities it takes, and on a
 * tie keeps the index created first: so the more specific come first (listQueries.int.test.ts checks the choices).
 */
export const SUMMARY_INDEXES: IndexField[][] = [
  ['registrationNumber', ['registeredAt', 'desc']],
  ['agencyId', 'status', 'dueAt'],
  ['agencyId', 'dueAt'],
  ['agencyId', 'status', ['registeredAt', 'desc']],
  ['agencyId', ['registeredAt', 'desc']],
  ['status', ['registeredAt', 'desc']],
  ['applicantAccountId', ['registeredAt', 'desc']],
  [['registeredAt', 'desc']],
  // the press's FAQ candidates: a category's answered appeals (faq.http.ts)
  ['categoryId', 'status', ['registeredAt', 'desc']],
];

/** Declares the fields the queries read one generation of the views by. */
export async function ensureViewIndexes(views: ReadStore, names: ViewNames = Views): Promise<void> {
  await ensureLookupIndexes(views, names);
  await ensureListIndexes(views, names);
}

/** The indexes a rebuild's bulk pass needs (an erasure's scrub finds personal data by subject). */
export async function ensureLookupIndexes(views: ReadStore, names: ViewNames): Promise<void> {
  await views.ensureIndex(names.personal, ['subjectId']);
}

/**
 * The indexes the list and statistics reads need, which a rebuild builds once after its bulk pass instead of
 * maintaining them at every write (ADR 0024).
 */
export async function ensureListIndexes(views: ReadStore, names: ViewNames): Promise<void> {
  for (const fields of SUMMARY_INDEXES) await views.ensureIndex(names.summary, fields);
  await views.ensureIndex(names.stats, ['level', 'period']);
  await views.ensureIndex(names.stats, ['parent']);
  await views.ensureIndex(names.statsDirty, DIRTY_INDEX);
  await ensureFaqIndexes(views, names);
}

export interface Paging {
  limit: number;
  offset: number;
}

/**
 * A registration period closed at both ends: from the first instant ('') and to {@link LATEST_INSTANT} when open.
 * The search always has one (every registered appeal is in the widest), so its newest-first pages are ranges of a
 * registration-time index, never a sort of every summary.
 */
function closedPeriod(range: RegisteredRange = {}): RegisteredRange {
  const from = range.gte === undefined ? { gte: '' } : {};
  return range.lt === undefined && range.lte === undefined
    ? { ...from, ...range, lte: LATEST_INSTANT }
    : { ...from, ...range };
}

export interface SearchFilters {
  agencies?: string[];
  registrationNumber?: string;
  status?: AppealStatus;
  registered?: RegisteredRange;
}

/** Appeals one registration number can name (an appeal, and what was split off it): read whole, filtered here. */
export const MAX_PER_NUMBER = 100;

/**
 * GET /appeals: newest first, by agency subtree, status and period. With a registration number, the query is that
 * number's appeals alone (its index, whatever else is asked) and {@link matchesSearch} filters them.
 */
export function searchFind(filters: SearchFilters, paging: Paging): FindQuery {
  const sort: FindQuery['sort'] = [['registeredAt', 'desc']];
  if (filters.registrationNumber)
    return { where: { registrationNumber: filters.registrationNumber }, sort, limit: MAX_PER_NUMBER };
  const where: NonNullable<FindQuery['where']> = {};
  if (filters.agencies) where.agencyId = { in: filters.agencies };
  if (filters.status) where.status = filters.status;
  where.registeredAt = closedPeriod(filters.registered);
  return { where, sort, limit: paging.limit, offset: paging.offset };
}

/** Whether a summary found by its number meets the rest of the search (agency subtree, status, period). */
export function matchesSearch(filters: SearchFilters) {
  const { gte, lt, lte } = closedPeriod(filters.registered);
  return (s: { agencyId: string | null; status: string; registeredAt: string | null }): boolean =>
    (!filters.agencies || (s.agencyId !== null && filters.agencies.includes(s.agencyId))) &&
    (!filters.status || s.status === filters.status) &&
    s.registeredAt !== null &&
    (gte === undefined || s.registeredAt >= gte) &&
    (lt === undefined || s.registeredAt < lt) &&
    (lte === undefined || s.registeredAt <= lte);
}

/**
 * GET /agencies/:id/inbox: by deadline, over the agency's subtree; overdue (`true`: open and past the deadline,
 * `false`: not past it). Null when nothing can match (overdue and a closed status: a closed appeal is not open).
 */
export function inboxFind(
  filters: { agencies: string[]; status?: AppealStatus; overdue?: 'true' | 'false'; now: Date },
  paging: Paging,
): FindQuery | null {
  const now = filters.now.toISOString();
  const where: NonNullable<FindQuery['where']> = { agencyId: { in: filters.agencies } };
  if (filters.status) where.status = filters.status;
  if (filters.overdue === 'true') {
    // open means an open status: a closed one is never overdue; without a status, one index range per open status
    if (filters.status && !isOpenStatus(filters.status)) return null;
    if (!filters.status) where.status = { in: [...OPEN_STATUSES] };
    where.dueAt = { lt: now };
  }
  if (filters.overdue === 'false') where.dueAt = { gte: now, lte: LATEST_INSTANT };
  return { where, sort: [['dueAt', 'asc']], limit: paging.limit, offset: paging.offset };
}

/** GET /me/appeals: the applicant's own appeals, newest first. */
export function cabinetFind(
  filters: { accountId: string; status?: AppealStatus },
  paging: Paging,
): FindQuery {
  const where: NonNullable<FindQuery['where']> = { applicantAccountId: filters.accountId };
  if (filters.status) where.status = filters.status;
  return { where, sort: [['registeredAt', 'desc']], limit: paging.limit, offset: paging.offset };
}

/** GET /appeals/lookup: the summary of a registration number (the detail is then read by its id). */
export function lookupFind(registrationNumber: string): FindQuery {
  // the order of the summaries' number index: a number names one appeal, so this reads one entry
  return { where: { registrationNumber }, sort: [['registeredAt', 'desc']], limit: 1 };
}
