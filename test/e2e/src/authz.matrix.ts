// The authorization matrix: for every route of the OpenAPI document, the status each caller gets.
// One line per route; columns are the callers below, in this order. The statuses are the specification, written
// here by hand (not derived from the services' policy tables), so a policy change that alters who may do what
// fails the test until this table agrees.

import { randomUUID } from 'node:crypto';

/** Who calls: no token, a holder of the tracking code, applicants, staff of the appeal's agency (O), of a sibling
 *  agency (X) and of its parent agency (P), auditor, admin, press. */
export const ACTORS = [
  'anonymous',
  'code',
  'applicant-own',
  'applicant-other',
  'registrar-own',
  'registrar-other',
  'registrar-parent',
  'executor-own',
  'executor-other',
  'executor-parent',
  'approver-own',
  'approver-other',
  'approver-parent',
  'head-own',
  'head-other',
  'head-parent',
  'auditor',
  'admin',
  'press',
] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * The fixture appeal is filed by applicant-own, routed by the rules to akimat-almaty-bostandyk ("own"); "other" is
 * its sibling akimat-almaty-almaly, "parent" is akimat-almaty. Unless a request is given in REQUESTS, a route is
 * called with its path parameters filled from the fixture and, for POST/PUT, a body with an unknown field: a caller
 * past every access check gets 400 (validation), so "allowed" shows as the route's validation status.
 */
// prettier-ignore
export const MATRIX: Record<string, readonly number[]> = {
  //                                               anon code  own  oth   rO   rX   rP   eO   eX   eP   aO   aX   aP   hO   hX   hP  aud  adm  prs
  'POST /api/v1/auth/dev-token':                  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/auth/dev-users':                   [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/stats/agencies':                   [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/analytics/topics':                 [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 403, 200, 200],
  'GET /api/v1/analytics/surges':                 [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 403, 200, 200],
  'GET /api/v1/open-data/monthly.json':           [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/open-data/monthly.csv':            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/open-data/monthly.schema.json':    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/faq':                              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/faq/candidates':                   [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
  'POST /api/v1/faq/entries':                     [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400],
  'POST /api/v1/faq/entries/{entryId}/revise':    [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400],
  'POST /api/v1/faq/entries/{entryId}/link':      [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400],
  'POST /api/v1/faq/entries/{entryId}/withdraw':  [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400],
  'GET /api/v1/appeals':                          [401, 401, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
  'GET /api/v1/catalog':                          [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/calendars/{profileId}':            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'PUT /api/v1/admin/calendars/{profileId}/{year}':[401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400, 403],
  'POST /api/v1/appeals':                         [201, 201, 201, 201, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/appeals/lookup':                   [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/appeals/{id}':                     [404, 200, 200, 404, 200, 404, 200, 200, 404, 200, 200, 404, 200, 200, 404, 200, 200, 200, 403],
  'GET /api/v1/appeals/{id}/events':              [404, 200, 200, 404, 200, 404, 200, 200, 404, 200, 200, 404, 200, 200, 404, 200, 200, 200, 403],
  'GET /api/v1/me/appeals':                       [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/agencies/{agencyId}/inbox':        [401, 401, 403, 403, 200, 403, 200, 200, 403, 200, 200, 403, 200, 200, 403, 200, 200, 200, 403],
  'POST /api/v1/appeals/{id}/route':              [401, 401, 403, 403, 400, 404, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400, 403],
  'POST /api/v1/appeals/{id}/needs-triage':       [401, 401, 403, 403, 400, 404, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400, 403],
  'POST /api/v1/appeals/{id}/forward':            [401, 401, 403, 403, 400, 404, 400, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/assign':             [401, 401, 403, 403, 400, 404, 400, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/extend':             [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/hearing':            [401, 401, 403, 403, 403, 403, 403, 400, 404, 400, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/draft-answer':       [401, 401, 403, 403, 403, 403, 403, 400, 404, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/v1/appeals/{id}/approve-answer':     [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/send-answer':        [401, 401, 403, 403, 400, 404, 400, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/terminate':          [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/withdraw':           [404, 400, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/v1/appeals/{id}/rate':               [404, 400, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/v1/appeals/{id}/reopen':             [404, 400, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/v1/appeals/{id}/complain':           [404, 400, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/v1/appeals/{id}/restore-complaint-term': [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403],
  'POST /api/v1/appeals/{id}/merge':              [401, 401, 403, 403, 400, 404, 400, 400, 404, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/audit/appeals/{id}/history':       [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403],
  'GET /api/v1/audit/appeals/{id}/state':         [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403],
  'GET /api/v1/audit/appeals/{id}/verify':        [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403],
  'GET /api/v1/audit/chain':                      [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403],
  'POST /api/v1/admin/applicants/{subjectId}/erase':[401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, 403],
  'POST /api/v1/admin/projections/rebuild':       [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 202, 403],
  'GET /api/v1/admin/projections/rebuild/{id}':   [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403],
};

/** What the fixture provides to requests. */
export interface Fixture {
  appealId: string;
  trackingCode: string;
  registrationNumber: string;
  ownAgency: string;
  rebuildId: string;
  /** a valid appeal to file */
  appealBody: Record<string, unknown>;
}

export interface MatrixRequest {
  /** path parameters beyond the defaults ({id} = the appeal, {agencyId} = its agency, {profileId}, {year}) */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Requests of routes the defaults do not fit (a query the route requires, a valid body to see its success). */
export const REQUESTS: Record<string, (fx: Fixture) => MatrixRequest> = {
  'POST /api/v1/auth/dev-token': () => ({ body: { role: 'applicant' } }),
  'POST /api/v1/appeals': (fx) => ({ body: fx.appealBody }),
  'GET /api/v1/appeals/lookup': (fx) => ({
    query: { registrationNumber: fx.registrationNumber, trackingCode: fx.trackingCode },
  }),
  'GET /api/v1/audit/appeals/{id}/state': () => ({ query: { at: new Date().toISOString() } }),
  'GET /api/v1/admin/projections/rebuild/{id}': (fx) => ({ params: { id: fx.rebuildId } }),
  'PUT /api/v1/admin/calendars/{profileId}/{year}': () => ({ body: {} }),
  // an empty body starts a new rebuild (a body may only name one to resume)
  'POST /api/v1/admin/projections/rebuild': () => ({ body: {} }),
  // a subject nobody has: the admin gets past every check to a 404, and the fixture applicant is never erased
  'POST /api/v1/admin/applicants/{subjectId}/erase': () => ({ params: { subjectId: randomUUID() } }),
  'GET /api/v1/faq/candidates': () => ({ query: { categoryId: 'housing_utilities' } }),
  // an entry nobody published: the press gets past the role check to the body's validation
  'POST /api/v1/faq/entries/{entryId}/revise': () => ({ params: { entryId: randomUUID() } }),
  'POST /api/v1/faq/entries/{entryId}/link': () => ({ params: { entryId: randomUUID() } }),
  'POST /api/v1/faq/entries/{entryId}/withdraw': () => ({ params: { entryId: randomUUID() } }),
};
