import { canReadAgency, canSee } from '@appeals/appeal-application';
import { AppealStatus } from '@appeals/contracts';
import {
  forbidden,
  guardedRouter,
  input,
  notFound,
  optionalPrincipal,
  principal,
  validate,
  type ApiRegistry,
  type GuardedRouter,
  type Principal,
} from '@appeals/http';
import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { Router } from 'express';
import { z } from 'zod';
import type { ViewGenerations, ViewNames } from './generations';
import { checkPeriodOrder, periodFields, registeredRange } from './period';
import { appealDetailRoutes, presentAppeal, slaState } from './appealDetail.http';
import { projectionsPolicy } from './projections.policy';
import { createViewChanges, type ViewChanges } from './viewChanges';
import { Views, type AppealDetail } from './views';

/** How often a waiting reader re-reads a view when no notifier tells it of writes (ms). */
const RECHECK_WITHOUT_NOTIFIER_MS = 50;

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};
const Status = AppealStatus;

/** Who may read across agencies (every appeal). */
const readsEverything = (who: Principal) => who.role === 'auditor' || who.role === 'admin';

/** What the read routes (queries, statistics) need. */
export interface ReadSideDeps {
  views: ReadStore;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  /** which generation of the views to read (the original collections when absent) */
  generations?: ViewGenerations;
  /** the local time a date alone in `from`/`to` means (minutes from UTC; UTC+05:00 by default) */
  dayOffsetMinutes?: number;
  /** tells readers waiting on an appeal that its view was written (absent: they re-read every 50 ms) */
  changes?: ViewChanges;
  /** waiting readers also re-read this often (ms): another process may write the views */
  recheckMs?: number;
  /** an idle event stream gets a heartbeat this often (ms) */
  heartbeatMs?: number;
}

/** The active generation's collections, looked up per request (a rebuild switches them). */
type CurrentNames = () => ViewNames;

/** Read side: appeal detail, tracking-code lookup, applicant cabinet, agency inbox, search. */
export function queriesRouter(deps: ReadSideDeps): Router {
  const routes = guardedRouter(projectionsPolicy);
  const names: CurrentNames = () => deps.generations?.current() ?? Views;
  searchRoute(routes, deps, names);
  lookupRoute(routes, deps, names);
  appealDetailRoutes(routes, {
    views: deps.views,
    catalog: deps.catalog,
    clock: deps.clock,
    registry: deps.registry,
    names,
    changes: deps.changes ?? createViewChanges(),
    recheckMs: deps.changes ? deps.recheckMs : (deps.recheckMs ?? RECHECK_WITHOUT_NOTIFIER_MS),
    heartbeatMs: deps.heartbeatMs,
  });
  cabinetRoute(routes, deps, names);
  inboxRoute(routes, deps, names);
  return routes.router;
}

/** GET /appeals: search by number, agency subtree, status and registration period, newest first. */
function searchRoute(routes: GuardedRouter, deps: ReadSideDeps, names: CurrentNames): void {
  const { views, catalog, clock, registry } = deps;
  const searchQuery = z
    .strictObject({
      registrationNumber: z.string().min(3).max(64).optional(),
      agencyId: z
        .string()
        .min(1)
        .max(64)
        .refine((id) => catalog.agency(id) !== undefined, { message: 'Unknown agency' })
        .optional()
        .meta({ description: 'The agency and every body below it' }),
      status: Status.optional(),
      ...periodFields,
      ...Paging,
    })
    .superRefine((q, ctx) => checkPeriodOrder(q, ctx, deps.dayOffsetMinutes));
  registry.register({
    method: 'get',
    path: '/api/v1/appeals',
    summary:
      'Search appeals by number, agency (subtree), status and registration period, newest first (auditor, admin: all; staff: their subtree)',
    tags: ['appeals'],
    security: true,
    request: { query: searchQuery },
    responses: {
      200: { description: 'A page of appeal summaries with SLA state' },
      403: { description: 'Applicants and anonymous callers; staff asking outside their agency' },
    },
  });
  routes.get('/appeals', validate({ query: searchQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof searchQuery> }>(res);
    const who = principal(res); // the policy row admits staff, auditors and admins only
    const scope = query.agencyId ?? (readsEverything(who) ? undefined : who.agencyId);
    if (scope && !canReadAgency(catalog, who, scope))
      throw forbidden(`Agency ${scope} is outside your agency.`, {
        extra: { agencyId: scope },
      });
    const where: Record<string, unknown> = {};
    if (scope) where.agencyId = { in: catalog.subtree(scope) };
    if (query.registrationNumber) where.registrationNumber = query.registrationNumber;
    if (query.status) where.status = query.status;
    const range = registeredRange(query, deps.dayOffsetMinutes);
    if (range) where.registeredAt = range;
    const now = clock();
    const page = await views.find<{ open: boolean; dueAt: string | null }>(names().summary, {
      where: where as never,
      sort: [
        ['registeredAt', 'desc'],
        ['appealId', 'asc'],
      ],
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ ...page, items: page.items.map((a) => ({ ...a, sla: slaState(a, now) })) });
  });
}

/** GET /appeals/lookup: one appeal by registration number and tracking code, without an account. */
function lookupRoute(
  routes: GuardedRouter,
  { views, catalog, registry }: ReadSideDeps,
  names: CurrentNames,
): void {
  const lookupQuery = z.strictObject({
    registrationNumber: z.string().min(3).max(64),
    trackingCode: z.string().min(6).max(32),
  });
  registry.register({
    method: 'get',
    path: '/api/v1/appeals/lookup',
    summary: 'Find an appeal by registration number and tracking code, without an account',
    tags: ['appeals'],
    request: { query: lookupQuery },
    responses: { 200: { description: 'The appeal' }, 404: { description: 'No match' } },
  });
  routes.get('/appeals/lookup', validate({ query: lookupQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof lookupQuery> }>(res);
    const page = await views.find<AppealDetail>(names().detail, {
      where: { registrationNumber: query.registrationNumber },
      limit: 1,
    });
    const doc = page.items[0] as (AppealDetail & { _revision: number }) | undefined;
    if (!doc || !canSee(catalog, undefined, doc, query.trackingCode))
      throw notFound('No appeal matches this number and code.');
    const applicant = { caseWork: false, sees: () => false };
    res.json(await presentAppeal(views, names(), { ...doc, _revision: doc._revision ?? 0 }, applicant));
  });
}

/** GET /me/appeals: the applicant's cabinet, their own appeals. */
function cabinetRoute(routes: GuardedRouter, { views, registry }: ReadSideDeps, names: CurrentNames): void {
  const cabinetQuery = z.strictObject({ status: Status.optional(), ...Paging });
  registry.register({
    method: 'get',
    path: '/api/v1/me/appeals',
    summary: "The applicant's cabinet: their own appeals",
    tags: ['appeals'],
    security: true,
    request: { query: cabinetQuery },
    responses: { 200: { description: 'A page of appeals' }, 401: { description: 'Sign in first' } },
  });
  routes.get('/me/appeals', validate({ query: cabinetQuery }), async (_req, res) => {
    const who = principal(res); // the policy row admits applicants only
    const { query } = input<{ query: z.infer<typeof cabinetQuery> }>(res);
    const page = await views.find(names().summary, {
      where: { applicantAccountId: who.sub, ...(query.status ? { status: query.status } : {}) },
      sort: [['registeredAt', 'desc']],
      limit: query.limit,
      offset: query.offset,
    });
    res.json(page);
  });
}

/** GET /agencies/:agencyId/inbox: an agency's inbox (its subtree), by deadline, with SLA state. */
function inboxRoute(
  routes: GuardedRouter,
  { views, catalog, clock, registry }: ReadSideDeps,
  names: CurrentNames,
): void {
  const inboxParams = z.strictObject({ agencyId: z.string().min(1).max(64) });
  const inboxQuery = z.strictObject({
    status: Status.optional(),
    overdue: z.enum(['true', 'false']).optional(),
    ...Paging,
  });
  registry.register({
    method: 'get',
    path: '/api/v1/agencies/:agencyId/inbox',
    summary: "An agency's inbox (its subtree), sorted by deadline, with SLA state",
    tags: ['agencies'],
    security: true,
    request: { params: inboxParams, query: inboxQuery },
    responses: { 200: { description: 'A page of appeals' }, 403: { description: 'Not your agency' } },
  });
  routes.get(
    '/agencies/:agencyId/inbox',
    validate({ params: inboxParams, query: inboxQuery }),
    async (_req, res) => {
      const { params, query } = input<{
        params: z.infer<typeof inboxParams>;
        query: z.infer<typeof inboxQuery>;
      }>(res);
      const who = optionalPrincipal(res);
      if (!catalog.agency(params.agencyId)) throw notFound(`Unknown agency ${params.agencyId}.`);
      if (!canReadAgency(catalog, who, params.agencyId))
        throw forbidden('Only staff of this agency (or above it) and auditors may read its inbox.');
      const now = clock();
      const where: Record<string, unknown> = { agencyId: { in: catalog.subtree(params.agencyId) } };
      if (query.status) where.status = query.status;
      if (query.overdue === 'true') Object.assign(where, { open: true, dueAt: { lt: now.toISOString() } });
      if (query.overdue === 'false') Object.assign(where, { dueAt: { gte: now.toISOString() } });
      const page = await views.find<{ open: boolean; dueAt: string | null }>(names().summary, {
        where: where as never,
        sort: [
          ['dueAt', 'asc'],
          ['appealId', 'asc'],
        ],
        limit: query.limit,
        offset: query.offset,
      });
      res.json({ ...page, items: page.items.map((a) => ({ ...a, sla: slaState(a, now) })) });
    },
  );
}
