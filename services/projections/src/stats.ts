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
  | 'registeredAt'
  | 'open'
  | 'dueAt'
  | 'deemedRefused'
  | 'answeredAt'
  | 'answeredOnTime'
  | 'rating'
>;

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

interface Tally {
  received: number;
  answered: number;
  answeredOnTime: number;
  answerMs: number;
  overdueNow: number;
  deemedRefused: number;
  ratingSum: number;
  ratings: number;
}

/**
 * Per-agency figures folded from appeal summaries one at a time (so a long period is never held in memory): one entry
 * per agency holding at least one registered appeal, each agency counted on its own (a parent does not include its
 * subtree), in the catalog's order. `now` decides what is overdue.
 */
export function agencyStatsAccumulator(catalog: Catalog, now: Date) {
  const tallies = new Map<string, Tally>();
  return {
    add(s: StatsInput): void {
      if (!s.agencyId || !s.registeredAt) return;
      let t = tallies.get(s.agencyId);
      if (!t) {
        t = {
          received: 0,
          answered: 0,
          answeredOnTime: 0,
          answerMs: 0,
          overdueNow: 0,
          deemedRefused: 0,
          ratingSum: 0,
          ratings: 0,
        };
        tallies.set(s.agencyId, t);
      }
      t.received++;
      if (s.answeredAt) {
        t.answered++;
        if (s.answeredOnTime === true) t.answeredOnTime++;
        t.answerMs += Date.parse(s.answeredAt) - Date.parse(s.registeredAt);
      }
      if (s.open && s.dueAt && Date.parse(s.dueAt) < now.getTime()) t.overdueNow++;
      if (s.deemedRefused) t.deemedRefused++;
      if (typeof s.rating === 'number') {
        t.ratingSum += s.rating;
        t.ratings++;
      }
    },
    result(): AgencyStats[] {
      const order = new Map(catalog.data.agencies.map((a, i) => [a.id, i]));
      return [...tallies.entries()]
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
 * Reads every summary registered within `range` in pages of `pageSize`, by appeal id (keyset paging, so appeals
 * changing meanwhile are neither skipped nor read twice).
 */
export async function* summariesRegistered(
  views: ReadStore,
  collection: string,
  range: RegisteredRange | undefined,
  pageSize = 1_000,
): AsyncGenerator<StatsInput> {
  let after: string | undefined;
  for (;;) {
    const page = await views.find<StatsInput>(collection, {
      where: {
        registeredAt: range ?? { gte: '' },
        ...(after === undefined ? {} : { appealId: { gt: after } }),
      },
      sort: [['appealId', 'asc']],
      limit: pageSize,
    });
    yield* page.items;
    if (page.items.length < pageSize) return;
    after = page.items.at(-1)!.appealId;
  }
}
