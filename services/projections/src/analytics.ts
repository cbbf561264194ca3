import {
  detectSurges,
  localDateOf,
  mondayOf,
  periodBefore,
  periodOf,
  SURGE_DEFAULTS,
  SURGE_METHOD,
  type CellCounts,
  type LanguageSummary,
  type Period,
  type PeriodKind,
  type Surge,
  type TextLanguage,
  type Topic,
  type TopicsFinder,
} from '@appeals/analytics';
import type { ReadStore } from '@appeals/readstore';
import type { ViewNames } from './generations';
import { summariesRegistered } from './stats';

// The read side of "what society is asking about" (ADR topics and surges): the summaries of a period, fed to the
// pure algorithms of @appeals/analytics. Only what the summary view holds in clear is read — the subject line,
// category, region, language, agency, registration time; the sealed text and applicant are never opened.

/** The fields of a summary the topics and surges read. */
export interface AnalyticsInput {
  appealId: string;
  categoryId: string;
  /** absent in summaries written before the views held it: such appeals count nowhere until a rebuild */
  regionKato?: string;
  language?: string;
  subject: string;
  agencyId: string | null;
  registeredAt: string | null;
}

/** Every summary registered in the period (newest first), narrowed to the agencies when given. */
async function summariesOf(
  views: ReadStore,
  names: Pick<ViewNames, 'summary'>,
  period: Pick<Period, 'from' | 'to'>,
  agencies?: readonly string[],
): Promise<AnalyticsInput[]> {
  const out: AnalyticsInput[] = [];
  const within = agencies && new Set(agencies);
  const range = { gte: period.from, lt: period.to };
  for await (const s of summariesRegistered<AnalyticsInput & { registeredAt: string }>(
    views,
    names.summary,
    range,
  ))
    if (!within || (s.agencyId !== null && within.has(s.agencyId))) out.push(s);
  return out;
}

const periodView = (p: Period) => ({ label: p.label, start: p.start, end: p.end, days: p.days });

export interface TopicsQuery {
  period: PeriodKind;
  /** a local date inside the period */
  date: string;
  /** only appeals these agencies hold (a subtree) */
  agencies?: string[];
  language?: TextLanguage;
}

export interface TopicsAnswer {
  period: ReturnType<typeof periodView> & { kind: PeriodKind };
  previous: ReturnType<typeof periodView>;
  /** appeals registered in the period (in the language asked, if any) and in the one before */
  appeals: number;
  previousAppeals: number;
  topics: Topic[];
  languages: LanguageSummary[];
}

/**
 * The topics of the appeals registered in a week or month, with their counts in the one before; the clustering runs
 * where `finder` runs it (a worker thread in the services).
 */
export async function readTopics(
  views: ReadStore,
  names: Pick<ViewNames, 'summary'>,
  query: TopicsQuery,
  offsetMinutes: number,
  finder: Pick<TopicsFinder, 'find'>,
): Promise<TopicsAnswer> {
  const period = periodOf(query.period, query.date, offsetMinutes);
  const previous = periodBefore(period, offsetMinutes);
  const documents = (summaries: AnalyticsInput[]) =>
    summaries.flatMap((s) =>
      s.language && (!query.language || s.language === query.language)
        ? [
            {
              id: s.appealId,
              language: s.language as TextLanguage,
              text: s.subject,
              categoryId: s.categoryId,
            },
          ]
        : [],
    );
  const [now, before] = await Promise.all([
    summariesOf(views, names, period, query.agencies).then(documents),
    summariesOf(views, names, previous, query.agencies).then(documents),
  ]);
  const { topics, languages } = await finder.find(now, before, {
    exposure: { current: period.days, previous: previous.days },
  });
  return {
    period: { kind: query.period, ...periodView(period) },
    previous: periodView(previous),
    appeals: now.length,
    previousAppeals: before.length,
    topics,
    languages,
  };
}

export interface SurgesAnswer {
  week: ReturnType<typeof periodView> & { complete: boolean };
  method: string;
  alpha: number;
  /** the weeks of the baseline (Mondays, oldest first): at most 8, none before the first appeal */
  baselineWeeks: string[];
  /** the category × region cells with any appeal in the week or its baseline */
  cells: number;
  surges: Surge[];
}

/** The earliest registration time of any appeal (undefined when none is registered). */
async function firstRegistration(views: ReadStore, names: Pick<ViewNames, 'summary'>) {
  const [first] = await views.findItems<{ registeredAt: string }>(names.summary, {
    where: { registeredAt: { gte: '' } },
    sort: [['registeredAt', 'asc']],
    limit: 1,
  });
  return first?.registeredAt;
}

/**
 * The category × region cells whose appeals in the week of `date` depart from the mean of the 8 weeks before
 * (weeks before the first appeal left out): see `detectSurges`. A week not yet over is judged for rises only.
 */
export async function readSurges(
  views: ReadStore,
  names: Pick<ViewNames, 'summary'>,
  date: string,
  now: Date,
  offsetMinutes: number,
): Promise<SurgesAnswer> {
  const week = periodOf('week', date, offsetMinutes);
  const complete = now.toISOString() >= week.to;
  const first = await firstRegistration(views, names);
  const firstMonday = first === undefined ? week.start : mondayOf(localDateOf(first, offsetMinutes));
  const baselineWeeks = Array.from(
    { length: SURGE_DEFAULTS.baselineWeeks },
    (_, i) => periodBefore(week, offsetMinutes, SURGE_DEFAULTS.baselineWeeks - i).start,
  ).filter((monday) => monday >= firstMonday);
  const window = { from: periodBefore(week, offsetMinutes, SURGE_DEFAULTS.baselineWeeks).from, to: week.to };
  const cells = new Map<string, CellCounts & { weeks: Map<string, number> }>();
  for (const s of await summariesOf(views, names, window)) {
    if (!s.regionKato || !s.registeredAt) continue;
    const key = `${s.categoryId}.${s.regionKato}`;
    const cell = cells.get(key) ?? { categoryId: s.categoryId, regionKato: s.regionKato, weeks: new Map() };
    const monday = mondayOf(localDateOf(s.registeredAt, offsetMinutes));
    cell.weeks.set(monday, (cell.weeks.get(monday) ?? 0) + 1);
    cells.set(key, cell);
  }
  return {
    week: { ...periodView(week), complete },
    method: SURGE_METHOD,
    alpha: SURGE_DEFAULTS.alpha,
    baselineWeeks,
    cells: cells.size,
    surges: detectSurges(cells.values(), week.start, baselineWeeks, complete),
  };
}
