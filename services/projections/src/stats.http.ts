import { guardedRouter, input, validate } from '@appeals/http';
import type { Router } from 'express';
import { z } from 'zod';
import { checkPeriodOrder, periodFields, registeredRange } from './period';
import type { AgencyStats } from './stats';
import { readAgencyStats } from './statsRead';
import { projectionsPolicy } from './projections.policy';
import type { ReadSideDeps } from './queries.http';
import type { ViewNames } from './generations';
import { Views } from './views';

const names3 = z.object({ kk: z.string(), ru: z.string(), en: z.string() });

/** Answer of `GET /stats/agencies`. */
export const agencyStatsResponseSchema = z
  .object({
    generatedAt: z.string(),
    items: z.array(
      z.object({
        agencyId: z.string(),
        name: names3,
        received: z.number().int(),
        answered: z.number().int(),
        answeredOnTime: z.number().int(),
        answeredOnTimePct: z.number().nullable(),
        avgAnswerDays: z.number().nullable(),
        overdueNow: z.number().int(),
        deemedRefused: z.number().int(),
        avgRating: z.number().nullable(),
        ratings: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'AgencyStats' });

/**
 * Public per-agency statistics, summed from the active generation's statistics buckets (and, for a date-time bound
 * inside a day, that day's summaries), so a rebuild changes nothing but the moment they were read. The figures for
 * one period are kept `cacheMs` (10 s by default), so a busy public page reads them once per period and 10 s.
 */
export function statsRouter(deps: ReadSideDeps & { cacheMs?: number }): Router {
  const { views, catalog, clock, registry } = deps;
  const cacheMs = deps.cacheMs ?? 10_000;
  const cache = new Map<
    string,
    { at: number; body: Promise<{ generatedAt: string; items: AgencyStats[] }> }
  >();
  const routes = guardedRouter(projectionsPolicy);

  const statsQuery = z
    .strictObject(periodFields)
    .superRefine((q, ctx) => checkPeriodOrder(q, ctx, deps.dayOffsetMinutes));
  registry.register({
    method: 'get',
    path: '/api/v1/stats/agencies',
    summary:
      'Public statistics per agency: received, answered on time, average answer time, overdue now, rating (no sign-in)',
    tags: ['stats'],
    request: { query: statsQuery },
    responses: {
      200: { description: 'One entry per agency holding an appeal', schema: agencyStatsResponseSchema },
    },
  });

  const compute = async (names: ViewNames, range: ReturnType<typeof registeredRange>) => {
    const now = clock();
    return {
      generatedAt: now.toISOString(),
      items: await readAgencyStats(views, names, range, catalog, now),
    };
  };

  routes.get('/stats/agencies', validate({ query: statsQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof statsQuery> }>(res);
    const names = deps.generations?.current() ?? Views;
    const range = registeredRange(query, deps.dayOffsetMinutes);
    const key = JSON.stringify([names.stats, range]);
    const at = Date.now();
    let entry = cache.get(key);
    if (!entry || at - entry.at >= cacheMs) {
      for (const [k, v] of cache) if (at - v.at >= cacheMs) cache.delete(k);
      entry = { at, body: compute(names, range) };
      cache.set(key, entry);
      entry.body.catch(() => cache.delete(key));
    }
    res.set('Cache-Control', `public, max-age=${Math.floor(cacheMs / 1000)}`);
    res.json(await entry.body);
  });
  return routes.router;
}
