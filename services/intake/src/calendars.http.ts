import { actorOf, recordCalendarYear, type Jurisdictions } from '@appeals/appeal-application';
import { YearCalendarSchema, calendarWarning, toLocalDate } from '@appeals/calendar';
import type { EventStore } from '@appeals/eventstore';
import {
  guardedRouter,
  input,
  notFound,
  principal,
  validate,
  validationProblem,
  type ApiRegistry,
  type GuardedRouter,
  type IdempotencyStore,
} from '@appeals/http';
import type { Router } from 'express';
import { intakePolicy } from './intake.policy';
import { z } from 'zod';

/** What the calendar routes work with. */
interface CalendarsDeps {
  store: EventStore;
  jurisdictions: Jurisdictions;
  registry: ApiRegistry;
  clock: () => Date;
  idempotency: IdempotencyStore;
}

const ListParams = z.strictObject({ profileId: z.string().min(1).max(32) });
const PutParams = z.strictObject({
  profileId: z.string().min(1).max(32),
  year: z.coerce.number().int().min(2000).max(2100),
});

/**
 * Working-day calendars per jurisdiction profile. An admin loads a new year (or corrects one) at run time;
 * the load is an event (stream `calendar-<profileId>`), so it is audited and every service replays it at start.
 */
export function calendarsRouter(deps: CalendarsDeps): Router {
  const routes = guardedRouter(intakePolicy, { idempotency: deps.idempotency });
  listYearsRoute(routes, deps);
  loadYearRoute(routes, deps);
  return routes.router;
}

/** The profile, or a 404 naming the unknown profile. */
function knownProfile(jurisdictions: Jurisdictions, profileId: string) {
  try {
    return jurisdictions.profile(profileId);
  } catch {
    throw notFound(`Unknown jurisdiction profile ${profileId}.`);
  }
}

/**
 * GET /calendars/{profileId}: the loaded calendar years of a profile, and `warning` (or null) from 90 days before
 * the last loaded year ends: which year is missing and from when deadlines would be counted provisionally.
 */
function listYearsRoute(routes: GuardedRouter, deps: CalendarsDeps): void {
  const { jurisdictions } = deps;
  deps.registry.register({
    method: 'get',
    path: '/api/v1/calendars/:profileId',
    summary:
      'The loaded working-day calendar years of a profile, with which entries are verified, and a warning from 90 days before they run out',
    tags: ['calendars'],
    request: { params: ListParams },
    responses: { 200: { description: 'Loaded years' }, 404: { description: 'Unknown profile' } },
  });
  routes.get('/calendars/:profileId', validate({ params: ListParams }), (_req, res) => {
    const { params } = input<{ params: z.infer<typeof ListParams> }>(res);
    const profile = knownProfile(jurisdictions, params.profileId);
    const { book } = jurisdictions;
    const years = book.years(params.profileId).map((year) => book.getYear(params.profileId, year));
    const warning = calendarWarning(book, params.profileId, toLocalDate(deps.clock(), profile)) ?? null;
    res.json({ profileId: params.profileId, years, warning });
  });
}

/** The body's fields that disagree with the path's profile and year (empty when both agree). */
function pathMismatch(params: z.infer<typeof PutParams>, calendar: z.infer<typeof YearCalendarSchema>) {
  return [
    ...(calendar.profileId !== params.profileId
      ? [{ field: 'body.profileId', message: `must be "${params.profileId}" as in the path` }]
      : []),
    ...(calendar.year !== params.year
      ? [{ field: 'body.year', message: `must be ${params.year} as in the path` }]
      : []),
  ];
}

/** PUT /admin/calendars/{profileId}/{year}: an admin loads (or replaces) a year, recorded as an event. */
function loadYearRoute(routes: GuardedRouter, deps: CalendarsDeps): void {
  const { jurisdictions } = deps;
  deps.registry.register({
    method: 'put',
    path: '/api/v1/admin/calendars/:profileId/:year',
    summary: "Load or replace a year's working-day calendar (admin); takes effect at once",
    tags: ['calendars'],
    security: true,
    request: { params: PutParams, body: YearCalendarSchema },
    responses: {
      200: { description: 'Loaded' },
      400: { description: 'Invalid calendar (fields named)' },
      403: { description: 'Admins only' },
      404: { description: 'Unknown profile' },
    },
  });
  routes.put(
    '/admin/calendars/:profileId/:year',
    validate({ params: PutParams, body: YearCalendarSchema }),
    async (_req, res) => {
      const who = principal(res); // the policy row admits admins only
      const { params, body: calendar } = input<{
        params: z.infer<typeof PutParams>;
        body: z.infer<typeof YearCalendarSchema>;
      }>(res);
      knownProfile(jurisdictions, params.profileId);
      const mismatch = pathMismatch(params, calendar);
      if (mismatch.length) throw validationProblem(mismatch);
      await recordCalendarYear(deps.store, calendar, { actor: actorOf(who), service: 'intake' });
      const loaded = jurisdictions.book.addYear(calendar);
      res.json({
        profileId: loaded.profileId,
        year: loaded.year,
        verified: loaded.verified,
        years: jurisdictions.book.years(params.profileId),
      });
    },
  );
}
