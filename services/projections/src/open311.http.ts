import {
  OPEN311_BASE,
  OPEN311_DEFAULTS,
  OPEN311_FORMATS,
  Open311RequestsQuery,
  sendOpen311,
  toServiceRequest,
  type Open311Format,
  type Open311Language,
  type SummaryForOpen311,
} from '@appeals/appeal-http';
import { AppealId, appealStatusesOf } from '@appeals/contracts';
import {
  guardedRouter,
  input,
  notFound,
  validate,
  validationProblem,
  type GuardedRouter,
} from '@appeals/http';
import type { FindQuery, ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { Router } from 'express';
import { z } from 'zod';
import type { ViewGenerations, ViewNames } from './generations';
import { LATEST_INSTANT } from './listQueries';
import { projectionsOpen311Policy } from './projections.policy';
import { Views } from './views';

/** How far `GET requests` looks back without dates, and the widest period it takes (GeoReport v2: 90 days). */
export const OPEN311_PERIOD_DAYS = 90;
/** The most requests one `GET requests` answers (GeoReport v2 leaves it to the server; 1,000 is common). */
export const OPEN311_MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

export interface Open311ReadDeps {
  views: ReadStore;
  catalog: Catalog;
  clock: () => Date;
  generations?: ViewGenerations | undefined;
  /** the language of service and agency names (the deployment's Open311 language) */
  language?: Open311Language | undefined;
}

type Summary = SummaryForOpen311 & { registrationNumber: string | null };

/**
 * The registration period a `GET requests` asks for: both dates, one of them and 90 days from or up to it, or the
 * last 90 days and on (an appeal received after hours is registered on the next working day, a moment still to come).
 * Refuses an end before the start or a period longer than 90 days, naming `end_date`.
 */
export function open311Period(query: Open311RequestsQuery, now: Date): { gte: string; lte: string } {
  const start = query.start_date === undefined ? undefined : Date.parse(query.start_date);
  const end = query.end_date === undefined ? undefined : Date.parse(query.end_date);
  const span = OPEN311_PERIOD_DAYS * DAY_MS;
  const from = start ?? (end ?? now.getTime()) - span;
  const to = end ?? (start === undefined ? undefined : start + span);
  if (to !== undefined && to < from)
    throw validationProblem([{ field: 'end_date', message: 'before start_date' }]);
  if (to !== undefined && to - from > span)
    throw validationProblem([
      { field: 'end_date', message: `at most ${OPEN311_PERIOD_DAYS} days after start_date` },
    ]);
  return {
    gte: new Date(from).toISOString(),
    lte: to === undefined ? LATEST_INSTANT : new Date(to).toISOString(),
  };
}

/** The summaries a filtered `GET requests` reads: one index range (status, registration time), newest first. */
export function open311Find(query: Open311RequestsQuery, now: Date): FindQuery {
  const where: NonNullable<FindQuery['where']> = { registeredAt: open311Period(query, now) };
  if (query.status) where.status = { in: [...new Set(query.status.flatMap(appealStatusesOf))] };
  if (query.service_code) where.categoryId = { in: query.service_code };
  return { where, sort: [['registeredAt', 'desc']], limit: OPEN311_MAX_REQUESTS };
}

function readRoutes(
  routes: GuardedRouter,
  deps: Open311ReadDeps,
  format: Open311Format,
  names: () => ViewNames,
): void {
  const { views, catalog } = deps;
  const language = deps.language ?? OPEN311_DEFAULTS.language;
  const present = (summary: Summary) => toServiceRequest(summary, catalog, language);
  const summaryOf = async (id: string) => {
    const found = await views.get<Summary>(names().summary, id);
    return found && found.registeredAt !== null ? found : undefined;
  };
  routes.get(`/requests.${format}`, validate({ query: Open311RequestsQuery }), async (_req, res) => {
    const { query } = input<{ query: Open311RequestsQuery }>(res);
    const found = query.service_request_id
      ? (await Promise.all(query.service_request_id.map(summaryOf))).filter((s) => s !== undefined)
      : await views.findItems<Summary>(names().summary, open311Find(query, deps.clock()));
    sendOpen311(res, format, 'requests', found.map(present));
  });
  const idParams = z.object({ id: AppealId });
  routes.get(`/requests/:id.${format}`, validate({ params: idParams }), async (_req, res) => {
    const { params } = input<{ params: z.infer<typeof idParams> }>(res);
    const summary = await summaryOf(params.id);
    if (!summary) throw notFound(`No service request ${params.id}.`);
    sendOpen311(res, format, 'requests', [present(summary)]);
  });
  routes.get(`/tokens/:token.${format}`, async (req, res) => {
    const token = String(req.params.token);
    const [summary] = await views.findItems<Summary>(names().summary, {
      where: { registrationNumber: token },
      limit: 1,
    });
    if (!summary) throw notFound(`No service request for token ${token}.`);
    sendOpen311(res, format, 'requests', [{ service_request_id: summary.appealId, token }]);
  });
}

/**
 * The read half of Open311 GeoReport v2 at /open311/v2 (ADR "Open311"): requests from the summary view, public, with
 * nothing the applicant wrote or gave (the view holds personal data sealed, and these routes open none).
 */
export function open311ReadRouter(deps: Open311ReadDeps): Router {
  const routes = guardedRouter(projectionsOpen311Policy, { mountedAt: OPEN311_BASE });
  const names = () => deps.generations?.current() ?? Views;
  for (const format of OPEN311_FORMATS) {
    readRoutes(routes, deps, format, names);
  }
  return routes.router;
}
