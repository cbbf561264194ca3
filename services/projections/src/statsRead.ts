import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { RegisteredRange } from './period';
import { agencyStatsAccumulator, summariesRegistered, type AgencyStats } from './stats';
import { BUCKET_DAY_OFFSET_MINUTES, type StatsBucket } from './statsBuckets';
import { settleStats, type DirtyNames } from './statsDirty';
import { planPeriod, type BucketSpan } from './statsPeriod';

/** The `where` of a span of buckets: its level, and its periods (both ends inclusive). */
const spanWhere = (span: BucketSpan) => ({
  level: span.level,
  period: {
    ...(span.from === undefined ? {} : { gte: span.from }),
    ...(span.to === undefined ? {} : { lte: span.to }),
  },
});

/**
 * The per-agency statistics of the appeals registered within `range`, as {@link computeAgencyStats} gives them over
 * every summary written before the call (the days marked dirty recomputed first): whole local days from the statistics buckets (years, months, then days, the largest that fit), the
 * rest of a day a date-time bound cuts from the summaries registered then. Every read goes through an index: the
 * buckets by (level, period), the summaries by registeredAt.
 *
 * @example
 * await readAgencyStats(views, generations.current(), registeredRange({ from: '2026-01-01' }), catalog, new Date());
 */
export async function readAgencyStats(
  views: ReadStore,
  names: DirtyNames,
  range: RegisteredRange | undefined,
  catalog: Catalog,
  now: Date,
): Promise<AgencyStats[]> {
  await settleStats(views, names); // the days the projector marked since they were last recomputed
  const stats = agencyStatsAccumulator(catalog, now);
  const plan = planPeriod(range, BUCKET_DAY_OFFSET_MINUTES);
  const spans = await Promise.all(
    // sorted as the (level, period) index holds them, so nothing is sorted after the read
    plan.spans.map((span) =>
      views.findItems<StatsBucket>(names.stats, { where: spanWhere(span), sort: [['period', 'asc']] }),
    ),
  );
  for (const buckets of spans)
    for (const b of buckets) if (b.received > 0) stats.addBucket(b.agencyId, b, b.openDue);
  for (const edge of plan.edges)
    for await (const s of summariesRegistered(views, names.summary, edge)) stats.add(s);
  return stats.result();
}
