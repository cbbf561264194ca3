import { localDateOf, TEXT_LANGUAGES, type TopicsFinder } from '@appeals/analytics';
import { guardedRouter, input, validate } from '@appeals/http';
import type { Router } from 'express';
import { z } from 'zod';
import { readSurges, readTopics } from './analytics';
import { DEFAULT_DAY_OFFSET_MINUTES } from './period';
import { projectionsPolicy } from './projections.policy';
import type { ReadSideDeps } from './queries.http';
import { Views } from './views';

const PeriodView = z.object({
  label: z.string(),
  start: z.string(),
  end: z.string(),
  days: z.number().int(),
});

/** Answer of `GET /analytics/topics`. */
export const topicsResponseSchema = z
  .object({
    generatedAt: z.string(),
    period: PeriodView.extend({ kind: z.enum(['week', 'month']) }),
    previous: PeriodView,
    appeals: z.number().int(),
    previousAppeals: z.number().int(),
    topics: z.array(
      z.object({
        id: z.string(),
        language: z.enum(TEXT_LANGUAGES),
        terms: z.array(z.string()),
        count: z.number().int(),
        previousCount: z.number().int(),
        changePct: z.number().nullable(),
        trend: z.enum(['up', 'down', 'steady', 'new']),
        examples: z.array(z.string()).meta({
          description:
            'Subject lines closest to the topic: every number, e-mail, link and name, and every word fewer than 3 appeals use, shown as …',
        }),
        categories: z.array(z.object({ categoryId: z.string(), count: z.number().int() })),
      }),
    ),
    languages: z.array(
      z.object({
        language: z.enum(TEXT_LANGUAGES),
        documents: z.number().int(),
        unassigned: z.number().int(),
        k: z.number().int(),
        silhouette: z.number().nullable(),
        tried: z.array(z.object({ k: z.number().int(), silhouette: z.number() })),
      }),
    ),
  })
  .meta({ id: 'Topics' });

/** Answer of `GET /analytics/surges`. */
export const surgesResponseSchema = z
  .object({
    generatedAt: z.string(),
    week: PeriodView.extend({ complete: z.boolean() }),
    method: z.string(),
    alpha: z.number(),
    baselineWeeks: z.array(z.string()),
    cells: z.number().int(),
    surges: z.array(
      z.object({
        categoryId: z.string(),
        regionKato: z.string(),
        week: z.string(),
        direction: z.enum(['up', 'down']),
        observed: z.number().int(),
        expected: z.number(),
        pValue: z.number(),
        baseline: z.array(z.object({ week: z.string(), count: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'Surges' });

/** A result kept `ms` per key (a page shown to many reads it once), dropped when it failed. */
function memo<T>(ms: number) {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, compute: () => Promise<T>): Promise<T> => {
    const at = Date.now();
    const hit = cache.get(key);
    if (hit && at - hit.at < ms) return hit.value;
    for (const [k, v] of cache) if (at - v.at >= ms) cache.delete(k);
    const value = compute();
    cache.set(key, { at, value });
    value.catch(() => cache.delete(key));
    return value;
  };
}

/**
 * What society is asking about (ADR topics and surges), for the press and agency heads: the topics of a week's or
 * month's appeals and the category × region surges of a week, from the summary view's clear fields only. Each
 * answer is kept `cacheMs` (60 s by default) per question.
 */
export function analyticsRouter(
  deps: ReadSideDeps & { cacheMs?: number; topics: Pick<TopicsFinder, 'find'> },
): Router {
  const { views, catalog, clock, registry } = deps;
  const offset = deps.dayOffsetMinutes ?? DEFAULT_DAY_OFFSET_MINUTES;
  const cacheMs = deps.cacheMs ?? 60_000;
  const topicsOnce = memo<Awaited<ReturnType<typeof readTopics>>>(cacheMs);
  const surgesOnce = memo<Awaited<ReturnType<typeof readSurges>>>(cacheMs);
  const routes = guardedRouter(projectionsPolicy);
  const date = z.iso
    .date()
    .optional()
    .meta({ description: 'A day inside the period (UTC+05:00); today by default' });

  const topicsQuery = z.strictObject({
    period: z.enum(['week', 'month']).default('week'),
    date,
    agencyId: z
      .string()
      .min(1)
      .max(64)
      .refine((id) => catalog.agency(id) !== undefined, { message: 'Unknown agency' })
      .optional()
      .meta({ description: 'Only appeals this agency or a body below it holds' }),
    language: z.enum(TEXT_LANGUAGES).optional(),
  });
  registry.register({
    method: 'get',
    path: '/api/v1/analytics/topics',
    summary:
      'Topics of the appeals registered in a week or month, with the trend against the one before (press, heads)',
    tags: ['analytics'],
    security: true,
    request: { query: topicsQuery },
    responses: {
      200: { description: 'Topics, most appeals first', schema: topicsResponseSchema },
      403: { description: 'Any role but press, head and admin' },
    },
  });
  routes.get('/analytics/topics', validate({ query: topicsQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof topicsQuery> }>(res);
    const names = deps.generations?.current() ?? Views;
    const now = clock();
    const q = {
      period: query.period,
      date: query.date ?? localDateOf(now, offset),
      ...(query.agencyId ? { agencies: catalog.subtree(query.agencyId) } : {}),
      ...(query.language ? { language: query.language } : {}),
    };
    const key = JSON.stringify([names.summary, q]);
    const answer = await topicsOnce(key, () => readTopics(views, names, q, offset, deps.topics));
    res.set('Cache-Control', `private, max-age=${Math.floor(cacheMs / 1000)}`);
    res.json({ generatedAt: now.toISOString(), ...answer });
  });

  const surgesQuery = z.strictObject({ date });
  registry.register({
    method: 'get',
    path: '/api/v1/analytics/surges',
    summary:
      'Category × region cells whose appeals in a week depart from the mean of the 8 weeks before (exact conditional Poisson test; press, heads)',
    tags: ['analytics'],
    security: true,
    request: { query: surgesQuery },
    responses: {
      200: { description: 'The surges of the week, most significant first', schema: surgesResponseSchema },
      403: { description: 'Any role but press, head and admin' },
    },
  });
  routes.get('/analytics/surges', validate({ query: surgesQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof surgesQuery> }>(res);
    const names = deps.generations?.current() ?? Views;
    const now = clock();
    const day = query.date ?? localDateOf(now, offset);
    // a week still running is judged as of now: the key changes with the minute
    const key = JSON.stringify([names.summary, day, now.toISOString().slice(0, 16)]);
    const answer = await surgesOnce(key, () => readSurges(views, names, day, now, offset));
    res.set('Cache-Control', `private, max-age=${Math.floor(cacheMs / 1000)}`);
    res.json({ generatedAt: now.toISOString(), ...answer });
  });
  return routes.router;
}
