import { anyone, createApiRegistry, createDevTokenIssuer, guardedRouter, silentLogger } from '@appeals/http';
import express from 'express';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadServiceEnv, type AuthConfig } from './env';
import { createServiceApp, verifierFor } from './serviceApp';

// A service process configured for production sign-in (AUTH_MODE=oidc): tokens of the identity provider, whose
// JWKS a tiny express app serves here over HTTP, pass; dev tokens and the dev-token route do not exist for it.

const ISSUER = 'https://idp.example/realms/appeals';
let server: Server;
let privateKey: KeyLike;
let auth: AuthConfig;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const idp = express();
  idp.get('/certs', (_req, res) => {
    res.json({ keys: [jwk] });
  });
  server = await new Promise<Server>((resolve) => {
    const s = idp.listen(0, '127.0.0.1', () => resolve(s));
  });
  auth = loadServiceEnv({
    POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
    KAFKA_BROKERS: '127.0.0.1:9092',
    MONGODB_URL: 'mongodb://127.0.0.1:27017/appeals',
    PII_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    AUTH_MODE: 'oidc',
    OIDC_ISSUER: ISSUER,
    OIDC_JWKS_URI: `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`,
    OIDC_AUDIENCE: 'appeals-api',
    OIDC_ROLE_CLAIM: 'realm_access.roles',
  }).auth;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const serviceApp = () => {
  const routes = guardedRouter({ 'GET /api/v1/whoami': anyone() });
  routes.get('/whoami', (_req, res) => res.json(res.locals.principal ?? null));
  return createServiceApp({
    name: 'audit',
    router: routes.router,
    registry: createApiRegistry({ title: 'test', version: '1' }),
    verifier: verifierFor(auth),
    logger: silentLogger,
    health: { probes: {}, state: () => 'serving' },
  });
};

describe('a service in oidc mode', () => {
  it('accepts the identity provider’s token, with its realm role', async () => {
    const token = await new SignJWT({ realm_access: { roles: ['auditor', 'offline_access'] } })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('asel')
      .setIssuer(ISSUER)
      .setAudience('appeals-api')
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await request(serviceApp()).get('/api/v1/whoami').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: 'asel', role: 'auditor' });
  });

  it('refuses an HS256 dev token even when it names the right issuer and audience', async () => {
    const dev = createDevTokenIssuer({ issuer: ISSUER, audience: 'appeals-api' });
    const { token } = await dev.issue({ sub: 'x', role: 'admin' });
    const res = await request(serviceApp()).get('/api/v1/whoami').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  it('has no dev-token route', async () => {
    const res = await request(serviceApp()).post('/api/v1/auth/dev-token').send({ role: 'admin' });
    expect(res.status).toBe(404);
  });
});
