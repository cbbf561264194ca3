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
import type { PersonalDataVault } from '@appeals/personal-data';
import { COUNT_LIMIT, type ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { Router } from 'express';
import { z } from 'zod';
import type { ViewGenerations, ViewNames } from './generations';
import {
  cabinetFind,
  inboxFind,
  lookupFind,
  matchesSearch,
  MAX_LIST_OFFSET,
  searchFind,
  type Paging,
  type SearchFilters,
} from './listQueries';
import { checkPeriodOrder, periodFields, registeredRange } from './period';
import { appealDetailRoutes, presentAppeal, slaState } from './appealDetail.http';
import { projectionsPolicy } from './projections.policy';
import { createViewChanges, type ViewChanges } from './viewChanges';
import { Views, type AppealDetail } from './views';

/** How often a waiting reader re-reads a view when no notifier tells it of writes (ms). */
const RECHECK_WITHOUT_NOTIFIER_MS = 50;

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_LIST_OFFSET, {
      message: `offset goes at most ${MAX_LIST_OFFSET} deep (as far as totals are counted): narrow the filters instead`,
    })
    .default(0)
    .meta({ description: `Matches to skip, at most ${MAX_LIST_OFFSET}` }),
};

/** A page of a list route: its items, and the matches counted up to the read store's count limit. */
const listPage = (item: z.ZodType, id: string) =>
  z
    .object({
      items: z.array(item),
      total: z
        .number()
        .int()
        .min(0)
        .meta({ description: `Matches, counted up to ${COUNT_LIMIT}` }),
      totalExact: z.boolean().meta({
        description: `false when more than ${COUNT_LIMIT} match: total is then ${COUNT_LIMIT}, a lower bound`,
      }),
    })
    .meta({ id });
const summaryItem = z.looseObject({ appealId: z.string(), status: z.string() });
const SummaryPage = listPage(summaryItem.extend({ sla: z.string() }), 'AppealSummaryPage');
const CabinetPage = listPage(summaryItem, 'CabinetPage');
/** The empty page of a query nothing can match. */
const EMPTY_PAGE = { items: [], total: 0, totalExact: true };
const Status = AppealStatus;

/** `{ [key]: value }` when the value is there, else nothing (for optional fields under exactOptionalPropertyTypes). */
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** Who may read across agencies (every appeal). */
const readsEverything = (who: Principal) => who.role === 'auditor' || who.role === 'admin';

/** What the read routes (queries, statistics) need. */
export interface ReadSideDeps {
  views: ReadStore;
  /** opens the sealed personal data the views hold for a reader allowed to see it */
  vault: PersonalDataVault;
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
    vault: deps.vault,
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
      200: { description: 'A page of appeal summaries with SLA state', schema: SummaryPage },
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
    const filters = {
      ...(scope ? { agencies: catalog.subtree(scope) } : {}),
      ...(query.registrationNumber ? { registrationNumber: query.registrationNumber } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...optional('registered', registeredRange(query, deps.dayOffsetMinutes)),
    };
    const now = clock();
    const page = await searchPage(views, names().summary, filters, query);
    res.json({ ...page, items: page.items.map((a) => ({ ...a, sla: slaState(a, now) })) });
  });
}

type Summary = { open: boolean; dueAt: string | null } & Parameters<ReturnType<typeof matchesSearch>>[0];

/** A page of the search: off the read store, or — for a registration number — that number's appeals, filtered here. */
async function searchPage(views: ReadStore, collection: string, filters: SearchFilters, paging: Paging) {
  if (!filters.registrationNumber) return views.find<Summary>(collection, searchFind(filters, paging));
  const found = (await views.findItems<Summary>(collection, searchFind(filters, paging))).filter(
    matchesSearch(filters),
  );
  const items = found.slice(paging.offset, paging.offset + paging.limit);
  return { items, total: found.length, totalExact: true };
}

/** GET /appeals/lookup: one appeal by registration number and tracking code, without an account. */
function lookupRoute(
  routes: GuardedRouter,
  { views, vault, catalog, registry }: ReadSideDeps,
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
    // the number found in the summaries (indexed there), the detail read by its id
    const [summary] = await views.findItems<{ appealId: string }>(
      names().summary,
      lookupFind(query.registrationNumber),
    );
    const doc = summary && (await views.get<AppealDetail>(names().detail, summary.appealId));
    if (!doc || !canSee(catalog, undefined, doc, query.trackingCode))
      throw notFound('No appeal matches this number and code.');
    const applicant = { caseWork: false, sees: () => false };
    const stored = { ...doc, _revision: doc._revision ?? 0 };
    res.json(await presentAppeal({ views, vault }, names(), stored, applicant));
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
    responses: {
      200: { description: 'A page of appeals', schema: CabinetPage },
      401: { description: 'Sign in first' },
    },
  });
  routes.get('/me/appeals', validate({ query: cabinetQuery }), async (_req, res) => {
    const who = principal(res); // the policy row admits applicants only
    const { query } = input<{ query: z.infer<typeof cabinetQuery> }>(res);
    const filters = { accountId: who.sub, ...(query.status ? { status: query.status } : {}) };
    res.json(await views.find(names().summary, cabinetFind(filters, query)));
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
    responses: {
      200: { description: 'A page of appeals, with SLA state', schema: SummaryPage },
      403: { description: 'Not your agency' },
    },
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
      const find = inboxFind(
        {
          agencies: catalog.subtree(params.agencyId),
          now,
          ...(query.status ? { status: query.status } : {}),
          ...(query.overdue ? { overdue: query.overdue } : {}),
        },
        query,
      );
      if (!find) return void res.json(EMPTY_PAGE);
      const page = await views.find<{ open: boolean; dueAt: string | null }>(names().summary, find);
      res.json({ ...page, items: page.items.map((a) => ({ ...a, sla: slaState(a, now) })) });
    },
  );
}
