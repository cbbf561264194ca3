import { readAppeal, type SystemUnderTest } from './client';
import { housingAppeal } from './lifecycle.scenarios';
import { ACTORS, MATRIX, REQUESTS, type Actor, type Fixture } from './authz.matrix';

// Every route of the OpenAPI document × every caller, over HTTP: the status each gets is the one in
// authz.matrix.ts. A route in the document without a row, or a row for a route that is gone, fails. The same
// scenarios run against the embedded system and against the cluster (the gateway's merged document).

const OWN = 'akimat-almaty-bostandyk';
const AGENCY_OF: Record<string, string> = {
  own: OWN,
  other: 'akimat-almaty-almaly',
  parent: 'akimat-almaty',
};

/**
 * Registers the matrix for a system that `system()` returns once started (in the caller's beforeAll).
 *
 * @example
 * authorizationMatrix('the embedded system', () => t);
 */
export function authorizationMatrix(label: string, system: () => SystemUnderTest): void {
  // its own describe, so its fixture (an appeal, a finished view rebuild) is made only when its tests run
  describe(`${label}: the authorization matrix`, () => {
    let t: SystemUnderTest;
    let fx: Fixture;
    let documented: string[];
    const tokens = new Map<Actor, string>();
    const rebuilds: string[] = [];

    beforeAll(async () => {
      t = system();
      for (const actor of ACTORS) {
        if (actor === 'anonymous' || actor === 'code') continue;
        const [role, where] = actor.split('-') as [string, string | undefined];
        const extra: { sub: string; agencyId?: string } = { sub: `matrix-${actor}` };
        if (where && where in AGENCY_OF) extra.agencyId = AGENCY_OF[where]!;
        tokens.set(actor, await t.token(role, extra));
      }

      const filed = await t.call('POST', '/api/v1/appeals', {
        token: tokens.get('applicant-own')!,
        body: housingAppeal(),
      });
      expect(filed.status).toBe(201);
      const routed = await readAppeal(
        t.call,
        filed.body.id,
        { waitFor: 'routed' },
        { token: tokens.get('admin')! },
      );
      expect(routed.body).toMatchObject({ status: 'routed', agencyId: OWN }); // the matrix's "own" agency

      const admin = tokens.get('admin')!;
      const rebuild = await t.call('POST', '/api/v1/admin/projections/rebuild', { token: admin });
      expect(rebuild.status).toBe(202);
      // the admin's POST in the matrix must not meet this rebuild still running (409)
      let progress = await t.call('GET', `/api/v1/admin/projections/rebuild/${rebuild.body.id}`, {
        token: admin,
      });
      for (let i = 0; i < 600 && progress.body.state !== 'done'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        progress = await t.call('GET', `/api/v1/admin/projections/rebuild/${rebuild.body.id}`, {
          token: admin,
        });
      }
      expect(progress.body.state).toBe('done');

      fx = {
        appealId: filed.body.id,
        trackingCode: filed.body.trackingCode,
        registrationNumber: filed.body.registrationNumber,
        ownAgency: OWN,
        rebuildId: rebuild.body.id,
        appealBody: housingAppeal({ subject: 'Матрица доступа' }),
      };

      const doc = await t.call('GET', '/openapi.json');
      documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, item]) =>
          Object.keys(item)
            .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
            .map((method) => `${method.toUpperCase()} ${path}`),
      );
    }, 60_000);

    const call = (route: string, actor: Actor) => {
      const [method, template] = route.split(' ') as [string, string];
      const request = REQUESTS[route]?.(fx) ?? {};
      const params: Record<string, string> = {
        id: fx.appealId,
        agencyId: fx.ownAgency,
        profileId: 'kz-appk',
        year: '2029',
        ...request.params,
      };
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const value = params[name];
        if (value === undefined)
          throw new Error(`${route}: no value for path parameter {${name}}; add it in REQUESTS`);
        return encodeURIComponent(value);
      });
      const query = { ...request.query };
      const headers: Record<string, string> = {};
      if (actor === 'code') {
        headers['x-tracking-code'] = fx.trackingCode;
        // reads take the code in the query (an EventSource cannot send headers)
        if (method === 'GET' && /^\/api\/v1\/appeals\/\{id\}(\/events)?$/.test(template))
          query.trackingCode = fx.trackingCode;
      }
      const search = new URLSearchParams(query).toString();
      const body =
        request.body ?? (method === 'GET' || method === 'DELETE' ? undefined : { unknownField: 1 });
      const token = tokens.get(actor);
      return t.call(method, `${path}${search ? `?${search}` : ''}`, {
        headers,
        ...(token ? { token } : {}),
        ...(body === undefined ? {} : { body }),
      });
    };

    describe('routes and rows', () => {
      it('has a row for every route of the OpenAPI document, and no row for a route that is not there', () => {
        expect({
          routesWithoutRows: documented.filter((route) => !(route in MATRIX)).sort(),
          rowsWithoutRoutes: Object.keys(MATRIX)
            .filter((route) => !documented.includes(route))
            .sort(),
        }).toEqual({ routesWithoutRows: [], rowsWithoutRoutes: [] });
      });

      it('has one status per caller in every row', () => {
        expect(Object.entries(MATRIX).filter(([, row]) => row.length !== ACTORS.length)).toEqual([]);
      });

      it('search returns an appeal to its agency, parent agencies and auditors, never to a sibling agency', async () => {
        const found = async (actor: Actor, query = '') => {
          const reply = await t.call(
            'GET',
            `/api/v1/appeals?registrationNumber=${fx.registrationNumber}${query}`,
            {
              token: tokens.get(actor)!,
            },
          );
          return reply.status === 200
            ? (reply.body.items as Array<{ appealId: string }>).map((a) => a.appealId)
            : reply.status;
        };
        expect(await found('executor-own')).toEqual([fx.appealId]);
        expect(await found('head-parent')).toEqual([fx.appealId]);
        expect(await found('auditor')).toEqual([fx.appealId]);
        expect(await found('registrar-other')).toEqual([]);
        expect(await found('registrar-other', `&agencyId=${fx.ownAgency}`)).toBe(403);
      });

      afterAll(async () => {
        // the admin's row started a rebuild: it must finish (a rebuild still running shares the read store with the
        // live projector, so the scenarios after this one would read views that lag behind)
        const states: string[] = [];
        for (const id of rebuilds) {
          let state: string | undefined;
          for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
            const progress = await t.call('GET', `/api/v1/admin/projections/rebuild/${id}`, {
              token: tokens.get('admin')!,
            });
            state = progress.body?.state;
            if (state === 'done' || state === 'failed') break;
            await new Promise((r) => setTimeout(r, 100));
          }
          states.push(state ?? 'unknown');
        }
        expect(states).toEqual(rebuilds.map(() => 'done'));
      }, 120_000);

      it.each(Object.keys(MATRIX))('%s answers each caller as the matrix says', async (route) => {
        const expected = MATRIX[route]!;
        const mismatches: string[] = [];
        for (const [i, actor] of ACTORS.entries()) {
          const reply = await call(route, actor);
          if (route === 'POST /api/v1/admin/projections/rebuild' && reply.status === 202)
            rebuilds.push(reply.body.id);
          if (reply.status !== expected[i])
            mismatches.push(
              `${actor}: expected ${expected[i]}, got ${reply.status} ${reply.body?.detail ?? ''}`.trim(),
            );
          else if (reply.status >= 400 && !reply.type.startsWith('application/problem+json'))
            mismatches.push(`${actor}: ${reply.status} is not problem+json`);
        }
        expect(mismatches).toEqual([]);
      });
    });
  });
}
