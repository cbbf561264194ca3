import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import { addFigures, noFigures, type Figures } from './stats';
import { UNKNOWN_REGION, type StatsBucket, type StatsCell } from './statsBuckets';
import { settleStats, type DirtyNames } from './statsDirty';

// Open data (docs/open-data.md): anonymised monthly figures per agency, category and region, read from the
// statistics month buckets the projector keeps (ADR 0021, 0025), never from the log. Small cells are suppressed so
// that no one applicant can be picked out (the rule below).

/** A cell of fewer appeals than this is suppressed, and an average rating of fewer ratings is withheld. */
export const MIN_CELL = 5;

/** One row of the open data: an agency's appeals of one category and region registered in one local month. */
export interface OpenDataRow {
  /** `2026-03`: the month of registration (UTC+05:00) */
  month: string;
  agencyId: string;
  categoryId: string;
  /** the top region of the catalog the appeal's KATO lies in (a district counts in its city) */
  regionKato: string;
  /** true: fewer than {@link MIN_CELL} appeals, or withheld so a suppressed cell cannot be worked out */
  suppressed: boolean;
  filed: number | null;
  answered: number | null;
  answeredOnTime: number | null;
  answeredOnTimePct: number | null;
  avgAnswerDays: number | null;
  deemedRefused: number | null;
  ratings: number | null;
  /** withheld (null) below {@link MIN_CELL} ratings, and as the suppression rule says */
  avgRating: number | null;
}

/** A month's figures of one agency, category and region before anything is suppressed. */
export interface OpenDataCell extends Figures {
  month: string;
  agencyId: string;
  categoryId: string;
  regionKato: string;
}

const DAY_MS = 86_400_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The catalog's top region a KATO lies in: up the parents of its region; the code itself when the catalog has none. */
export function topRegionOf(catalog: Catalog): (kato: string) => string {
  const parent = new Map(catalog.data.regions.map((r) => [r.kato, r.parent]));
  const memo = new Map<string, string>();
  return (kato) => {
    let top = memo.get(kato);
    if (top === undefined) {
      top = kato;
      for (let up = parent.get(top); up !== undefined && top !== up; up = parent.get(top)) top = up;
      memo.set(kato, top);
    }
    return top;
  };
}

/**
 * The cells of month buckets, each region taken up to its top region and added there. A bucket written before the
 * buckets had cells counts as one cell of unknown category and region, so the totals still add up.
 */
export function cellsOf(
  buckets: readonly StatsBucket[],
  topRegion: (kato: string) => string,
): OpenDataCell[] {
  const cells = new Map<string, OpenDataCell>();
  for (const b of buckets) {
    if (b.received === 0) continue;
    const parts: StatsCell[] = b.cells ?? [{ ...b, categoryId: 'unknown', regionKato: UNKNOWN_REGION }];
    for (const part of parts) {
      const regionKato = topRegion(part.regionKato);
      const key = [b.period, b.agencyId, part.categoryId, regionKato].join('\u0000');
      let cell = cells.get(key);
      if (!cell)
        cells.set(
          key,
          (cell = {
            month: b.period,
            agencyId: b.agencyId,
            categoryId: part.categoryId,
            regionKato,
            ...noFigures(),
          }),
        );
      addFigures(cell, part);
    }
  }
  return [...cells.values()];
}

/**
 * Which of `sizes` to withhold so that none smaller than `min` shows and the withheld ones of a group cannot be
 * worked out from its total (which is public: `GET /stats/agencies` gives an agency's month): every size from 1 to
 * `min` − 1 (primary), then, while the withheld of the group add up to less than `min`, the smallest shown one
 * above zero (secondary). `withheld` marks sizes withheld already (they count towards the group's).
 */
export function withhold(
  sizes: readonly number[],
  min: number,
  withheld: readonly boolean[] = [],
): boolean[] {
  const out = sizes.map((n, i) => withheld[i] === true || (n > 0 && n < min));
  let sum = sizes.reduce((total, n, i) => (out[i] ? total + n : total), 0);
  while (sum > 0 && sum < min) {
    let next = -1;
    for (let i = 0; i < sizes.length; i++)
      if (!out[i] && sizes[i]! > 0 && (next < 0 || sizes[i]! < sizes[next]!)) next = i;
    if (next < 0) break; // the whole group is withheld
    out[next] = true;
    sum += sizes[next]!;
  }
  return out;
}

/**
 * The open data rows of `cells`, in month, agency, category and region order, suppressed group by group (an
 * agency's month): a cell of fewer than {@link MIN_CELL} appeals shows no figure, nor, while the suppressed cells of
 * the group hold fewer than {@link MIN_CELL} appeals together, the next smallest; an average rating shows only over
 * {@link MIN_CELL} ratings or more, by the same rule on the ratings.
 */
export function openDataRows(cells: readonly OpenDataCell[]): OpenDataRow[] {
  const sorted = [...cells].sort((a, b) =>
    a.month !== b.month
      ? a.month.localeCompare(b.month)
      : a.agencyId !== b.agencyId
        ? a.agencyId.localeCompare(b.agencyId)
        : a.categoryId !== b.categoryId
          ? a.categoryId.localeCompare(b.categoryId)
          : a.regionKato.localeCompare(b.regionKato),
  );
  const rows: OpenDataRow[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (
      end < sorted.length &&
      sorted[end]!.month === sorted[start]!.month &&
      sorted[end]!.agencyId === sorted[start]!.agencyId
    )
      end++;
    const group = sorted.slice(start, end);
    const hidden = withhold(
      group.map((c) => c.received),
      MIN_CELL,
    );
    const noAverage = withhold(
      group.map((c) => c.ratings),
      MIN_CELL,
      hidden,
    );
    group.forEach((c, i) => rows.push(rowOf(c, hidden[i]!, noAverage[i]!)));
    start = end;
  }
  return rows;
}

function rowOf(c: OpenDataCell, suppressed: boolean, noAverage: boolean): OpenDataRow {
  const shown = <T>(value: T) => (suppressed ? null : value);
  return {
    month: c.month,
    agencyId: c.agencyId,
    categoryId: c.categoryId,
    regionKato: c.regionKato,
    suppressed,
    filed: shown(c.received),
    answered: shown(c.answered),
    answeredOnTime: shown(c.answeredOnTime),
    answeredOnTimePct: shown(c.answered > 0 ? round((100 * c.answeredOnTime) / c.answered, 1) : null),
    avgAnswerDays: shown(c.answered > 0 ? round(c.answerMs / c.answered / DAY_MS, 1) : null),
    deemedRefused: shown(c.deemedRefused),
    ratings: shown(c.ratings),
    avgRating: noAverage || c.ratings === 0 ? null : round(c.ratingSum / c.ratings, 2),
  };
}

/** The months `[from, to]` (`2026-03`; absent: open) the open data covers, and optionally one agency. */
export interface OpenDataQuery {
  from?: string | undefined;
  to?: string | undefined;
  agencyId?: string | undefined;
}

/**
 * The open data rows of the appeals registered in the months asked, from the month buckets (the days the projector
 * marked recomputed first, as every statistics read does): one indexed read of the (level, period) index.
 */
export async function readOpenData(
  views: ReadStore,
  names: DirtyNames,
  catalog: Catalog,
  query: OpenDataQuery,
): Promise<OpenDataRow[]> {
  await settleStats(views, names);
  const period = {
    ...(query.from === undefined ? {} : { gte: query.from }),
    ...(query.to === undefined ? {} : { lte: query.to }),
  };
  const buckets = await views.findItems<StatsBucket>(names.stats, {
    where: { level: 'month', period },
    sort: [['period', 'asc']],
  });
  const wanted =
    query.agencyId === undefined ? buckets : buckets.filter((b) => b.agencyId === query.agencyId);
  return openDataRows(cellsOf(wanted, topRegionOf(catalog)));
}
