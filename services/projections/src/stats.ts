import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { RegisteredRange } from './period';
import type { toSummary } from './views';

type Summary = ReturnType<typeof toSummary>;

/** The fields of a summary the statistics read. */
export type StatsInput = Pick<
  Summary,
  | 'appealId'
  | 'agencyId'
  | 'categoryId'
  | 'registeredAt'
  | 'open'
  | 'dueAt'
  | 'deemedRefused'
  | 'answeredAt'
  | 'answeredOnTime'
  | 'rating'
> & {
  /** absent in summaries written before the open data had regions (a rebuild writes it) */
  regionKato?: string | undefined;
};

/** One agency's figures, as `GET /stats/agencies` answers them. */
export interface AgencyStats {
  agencyId: string;
  name: { kk: string; ru: string; en: string };
  /** registered appeals the agency holds now (forwarded ones count where they went) */
  received: number;
  /** of those, answered (an answer sent and not reopened) */
  answered: number;
  /** answered by the deadline in force when the answer was sent (the answer's `onTime`) */
  answeredOnTime: number;
  /** answeredOnTime / answered × 100, one decimal; null before any answer */
  answeredOnTimePct: number | null;
  /** mean days from registration to the answer being sent, one decimal; null before any answer */
  avgAnswerDays: number | null;
  /** still open with the deadline passed as of now */
  overdueNow: number;
  /** deemed refused (no answer by the deadline: APPK silence rule) */
  deemedRefused: number;
  /** mean rating (1–5) of the rated answers, two decimals; null when none is rated */
  avgRating: number | null;
  ratings: number;
}

const DAY_MS = 86_400_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The figures of a set of appeals that do not depend on when they are read (sums, so sets add up). */
export interface Figures {
  received: number;
  answered: number;
  answeredOnTime: number;
  /** the sum of the answered appeals' ms from registration to the answer being sent */
  answerMs: number;
  deemedRefused: number;
  ratingSum: number;
  ratings: number;
}

/** The figures of no appeal. */
export const noFigures = (): Figures => ({
  received: 0,
  answered: 0,
  answeredOnTime: 0,
  answerMs: 0,
  deemedRefused: 0,
  ratingSum: 0,
  ratings: 0,
});

/** Adds one counted appeal (registered, held by an agency) to `f`. */
export function addSummaryFigures(f: Figures, s: StatsInput): void {
  f.received++;
  if (s.answeredAt) {
    f.answered++;
    if (s.answeredOnTime === true) f.answeredOnTime++;
    f.answerMs += Date.parse(s.answeredAt) - Date.parse(s.registeredAt!);
  }
  if (s.deemedRefused) f.deemedRefused++;
  if (typeof s.rating === 'number') {
    f.ratingSum += s.rating;
    f.ratings++;
  }
}

const FIGURES = Object.keys(noFigures()) as Array<keyof Figures>;

/** Adds the figures `g` to `f`. */
export function addFigures(f: Figures, g: Figures): void {
  for (const key of FIGURES) f[key] += g[key];
}

/** Whether a summary counts in the statistics: registered, and held by an agency. */
export const isCounted = (s: Pick<StatsInput, 'agencyId' | 'registeredAt'>): boolean =>
  Boolean(s.agencyId && s.registeredAt);

/**
 * The deadlines of open appeals, as many as fall on each instant (objects, not pairs: FerretDB stores no nested
 * arrays).
 */
export type OpenDeadlines = Array<{ dueAt: string; count: number }>;

interface Tally extends Figures {
  overdueNow: number;
}

/**
 * Per-agency figures folded from appeal summaries one at a time (so a long period is never held in memory), or from
 * statistics buckets (statsBuckets.ts) that sum many: one entry per agency holding at least one registered appeal,
 * each agency counted on its own (a parent does not include its subtree), in the catalog's order. `now` decides what
 * is overdue.
 */
export function agencyStatsAccumulator(catalog: Catalog, now: Date) {
  const tallies = new Map<string, Tally>();
  const tallyOf = (agencyId: string) => {
    let t = tallies.get(agencyId);
    if (!t) {
      t = { ...noFigures(), overdueNow: 0 };
      tallies.set(agencyId, t);
    }
    return t;
  };
  return {
    add(s: StatsInput): void {
      if (!isCounted(s)) return;
      const t = tallyOf(s.agencyId!);
      addSummaryFigures(t, s);
      if (s.open && s.dueAt && Date.parse(s.dueAt) < now.getTime()) t.overdueNow++;
    },
    /** Adds a bucket's figures, and its open appeals whose deadline has passed by `now`. */
    addBucket(agencyId: string, figures: Figures, openDue: OpenDeadlines): void {
      const t = tallyOf(agencyId);
      addFigures(t, figures);
      for (const { dueAt, count } of openDue) if (Date.parse(dueAt) < now.getTime()) t.overdueNow += count;
    },
    result(): AgencyStats[] {
      const order = new Map(catalog.data.agencies.map((a, i) => [a.id, i]));
      return [...tallies.entries()]
        .filter(([, t]) => t.received > 0)
        .sort(
          ([a], [b]) =>
            (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) ||
            (a < b ? -1 : a > b ? 1 : 0),
        )
        .map(([agencyId, t]) => ({
          agencyId,
          name: catalog.agency(agencyId)?.name ?? { kk: agencyId, ru: agencyId, en: agencyId },
          received: t.received,
          answered: t.answered,
          answeredOnTime: t.answeredOnTime,
          answeredOnTimePct: t.answered > 0 ? round((100 * t.answeredOnTime) / t.answered, 1) : null,
          avgAnswerDays: t.answered > 0 ? round(t.answerMs / t.answered / DAY_MS, 1) : null,
          overdueNow: t.overdueNow,
          deemedRefused: t.deemedRefused,
          avgRating: t.ratings > 0 ? round(t.ratingSum / t.ratings, 2) : null,
          ratings: t.ratings,
        }));
    },
  };
}

/** {@link agencyStatsAccumulator} over a list (pure). */
export function computeAgencyStats(
  summaries: Iterable<StatsInput>,
  catalog: Catalog,
  now: Date,
): AgencyStats[] {
  const stats = agencyStatsAccumulator(catalog, now);
  for (const s of summaries) stats.add(s);
  return stats.result();
}

/**
 * Reads every summary registered within `range` (and matching `where`, e.g. one agency) in pages of `pageSize`, newest
 * first: keyset paging on the `registeredAt` index (a page ends at the last registration time read,
 * skipping the ones of that very moment already read), so no page counts or skips what came before it.
 */
export async function* summariesRegistered<T extends Pick<StatsInput, 'registeredAt'> = StatsInput>(
  views: ReadStore,
  collection: string,
  range: RegisteredRange | undefined,
  pageSize = 1_000,
  where: Record<string, string> = {},
): AsyncGenerator<T> {
  let last: string | undefined;
  let seenAtLast = 0;
  for (;;) {
    const bounds = last === undefined ? (range ?? { gte: '' }) : { gte: '', ...range, lte: last };
    const page = await views.findItems<T>(collection, {
      where: { ...where, registeredAt: bounds },
      // newest first, the order of the list routes' registration indexes (listQueries.ts): no index of its own
      sort: [['registeredAt', 'desc']],
      limit: pageSize,
      offset: seenAtLast,
    });
    yield* page;
    if (page.length < pageSize) return;
    const end = page.at(-1)!.registeredAt!;
    const atEnd = page.filter((s) => s.registeredAt === end).length;
    seenAtLast = end === last ? seenAtLast + atEnd : atEnd;
    last = end;
  }
}
