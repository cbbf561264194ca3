import { auditPolicy } from '@appeals/audit';
import { policyGaps, silentLogger, type PolicyTable } from '@appeals/http';
import { intakeOpen311Policy, intakePolicy } from '@appeals/intake';
import { projectionsOpen311Policy, projectionsPolicy } from '@appeals/projections';
import { responsePolicy } from '@appeals/response';
import { routingPolicy } from '@appeals/routing';
import request from 'supertest';
import { createEmbeddedSystem } from './embedded';

// Every documented route has exactly one policy row, in the table of the service that serves it; the behaviour of
// each row is tested route by route and caller by caller in test/e2e (authz.e2e.test.ts).

const services: Record<string, PolicyTable> = {
  intake: intakePolicy,
  routing: routingPolicy,
  response: responsePolicy,
  audit: auditPolicy,
  projections: projectionsPolicy,
};

describe('the policy tables', () => {
  it('cover every route of the embedded system, no row is stale, and no route is in two tables', async () => {
    const system = createEmbeddedSystem({ dataDir: ':memory:', logger: silentLogger });
    const all = Object.values(services).flatMap((table) => Object.keys(table));
    expect(all.length).toBe(new Set(all).size);
    const combined = Object.assign(
      // the dev-token router's own rows (@appeals/http)
      { 'POST /api/v1/auth/dev-token': { allow: [] }, 'GET /api/v1/auth/dev-users': { allow: [] } },
      ...Object.values(services),
    ) as PolicyTable;
    expect(policyGaps(combined, system.registry)).toEqual({ unguarded: [], stale: [] });
    await system.stop();
  });
});

describe('the embedded system', () => {
  it('serves the AsyncAPI document of its topics at /asyncapi.json', async () => {
    const system = createEmbeddedSystem({ dataDir: ':memory:', logger: silentLogger });
    const reply = await request(system.app).get('/asyncapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.asyncapi).toMatch(/^3\./);
    expect(Object.values(reply.body.channels).map((c: any) => c.address)).toContain('appeals.events.v1');
    await system.stop();
  });
});

// Open311 GeoReport v2 is not in the OpenAPI document (its contract is the GeoReport v2 specification): its own
// tables must name exactly the routes mounted at /open311/v2.
describe('the Open311 policy tables', () => {
  it('have one row per Open311 route mounted, none stale, none in both tables', async () => {
    const system = createEmbeddedSystem({ dataDir: ':memory:', logger: silentLogger });
    const rows = [...Object.keys(intakeOpen311Policy), ...Object.keys(projectionsOpen311Policy)];
    expect(rows.length).toBe(new Set(rows).size);
    expect([...system.open311Routes].sort()).toEqual(rows.sort());
    expect(rows).toContain('POST /open311/v2/requests.json');
    await system.stop();
  });
});

describe('embedded mode with an identity provider', () => {
  const oidc = {
    mode: 'oidc' as const,
    issuer: 'https://idp.example/realms/appeals',
    jwksUri: 'http://127.0.0.1:1/certs',
    audience: 'appeals-api',
    algorithms: ['RS256'],
    clockToleranceSeconds: 5,
    claims: { role: 'realm_access.roles', agency: 'agency_id', name: 'name' },
  };

  it('mounts no dev-token route and documents none', async () => {
    const system = createEmbeddedSystem({ dataDir: ':memory:', logger: silentLogger, oidc });
    expect((await request(system.app).post('/api/v1/auth/dev-token').send({ role: 'admin' })).status).toBe(
      404,
    );
    expect(system.registry.routes().map((r) => r.path)).not.toContain('/api/v1/auth/dev-token');
    await system.stop();
  });

  it('refuses to start with dev tokens and an identity provider at once', () => {
    expect(() => createEmbeddedSystem({ dataDir: ':memory:', devAuth: true, oidc })).toThrow(
      /Dev tokens are refused/,
    );
  });
});
