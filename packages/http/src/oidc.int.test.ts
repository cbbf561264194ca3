import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWK, type KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { createHttpApp, finalize } from './app';
import { createDevTokenIssuer, createJwksVerifier, principal, type TokenVerifier } from './auth';
import { silentLogger } from './logger';

// A real identity provider's shape: a JWKS served over HTTP by a tiny express app, tokens signed with keys
// generated here, claims laid out as Keycloak does (realm roles under realm_access.roles).

const ISSUER = 'https://idp.example/realms/appeals';
const AUDIENCE = 'appeals-api';
const KEYCLOAK_CLAIMS = { role: 'realm_access.roles', agency: 'agency_id', name: 'preferred_username' };

interface Key {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}
const makeKey = async (kid: string, alg = 'RS256'): Promise<Key> => {
  const pair = await generateKeyPair(alg);
  return {
    kid,
    privateKey: pair.privateKey,
    jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' },
  };
};

let server: Server;
let jwksUri: string;
let fetches = 0;
let published: Key[] = [];
let current: Key;

beforeAll(async () => {
  current = await makeKey('k1');
  published = [current];
  const idp = express();
  idp.get('/realms/appeals/protocol/openid-connect/certs', (_req, res) => {
    fetches += 1;
    res.json({ keys: published.map((k) => k.jwk) });
  });
  server = await new Promise<Server>((resolve) => {
    const s = idp.listen(0, '127.0.0.1', () => resolve(s));
  });
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/appeals/protocol/openid-connect/certs`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const verifier = (over: Partial<Parameters<typeof createJwksVerifier>[0]> = {}): TokenVerifier =>
  createJwksVerifier({ jwksUri, issuer: ISSUER, audience: AUDIENCE, claims: KEYCLOAK_CLAIMS, ...over });

interface MintOptions {
  key?: Key;
  kid?: string;
  alg?: string;
  issuer?: string;
  audience?: string;
  expiresAt?: number;
  claims?: Record<string, unknown>;
}
const now = () => Math.floor(Date.now() / 1000);
const mint = (o: MintOptions = {}) =>
  new SignJWT(
    o.claims ?? {
      realm_access: { roles: ['offline_access', 'executor', 'uma_authorization'] },
      agency_id: 'akimat-almaty',
      preferred_username: 'daniyar',
    },
  )
    .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: o.kid ?? (o.key ?? current).kid, typ: 'JWT' })
    .setSubject('f3b1c2d4-user')
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.audience ?? AUDIENCE)
    .setIssuedAt(now() - 60)
    .setExpirationTime(o.expiresAt ?? now() + 300)
    .sign((o.key ?? current).privateKey);

describe('an OIDC issuer’s tokens, verified against its JWKS over HTTP', () => {
  it('accepts a token signed by a published key and maps Keycloak realm roles, agency and name', async () => {
    const before = fetches;
    await expect(verifier().verify(await mint())).resolves.toEqual({
      sub: 'f3b1c2d4-user',
      role: 'executor',
      agencyId: 'akimat-almaty',
      name: 'daniyar',
    });
    expect(fetches).toBeGreaterThan(before); // the key set really came over HTTP
  });

  it.each<[string, () => Promise<string>, string]>([
    [
      'from another issuer',
      () => mint({ issuer: 'https://evil.example/realms/appeals' }),
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    ],
    ['for another audience', () => mint({ audience: 'billing' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['expired beyond the clock tolerance', () => mint({ expiresAt: now() - 30 }), 'ERR_JWT_EXPIRED'],
    [
      'signed with a key id the issuer does not publish',
      () => mint({ kid: 'nobody' }),
      'ERR_JWKS_NO_MATCHING_KEY',
    ],
    [
      'signed by a stranger’s key under a published key id',
      async () => mint({ key: { ...(await makeKey('k1')), kid: 'k1' } }),
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ],
    [
      'a dev token (HS256 with a shared secret)',
      async () =>
        (
          await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE }).issue({
            sub: 'x',
            role: 'admin',
          })
        ).token,
      'ERR_JOSE_ALG_NOT_ALLOWED',
    ],
    [
      'unsigned (alg none)',
      async () => {
        const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part({
          sub: 'x',
          iss: ISSUER,
          aud: AUDIENCE,
          exp: now() + 60,
          realm_access: { roles: ['admin'] },
        })}.`;
      },
      'ERR_JOSE_ALG_NOT_ALLOWED',
    ],
    [
      'without a platform role',
      () => mint({ claims: { realm_access: { roles: ['offline_access'] } } }),
      'claims',
    ],
    [
      'with two platform roles',
      () => mint({ claims: { realm_access: { roles: ['auditor', 'admin'] } } }),
      'claims',
    ],
    ['a staff role without agency', () => mint({ claims: { realm_access: { roles: ['head'] } } }), 'claims'],
  ])('refuses a token %s', async (_name, token, reason) => {
    await expect(verifier().verify(await token())).rejects.toMatchObject({
      code: 'AUTH.INVALID_TOKEN',
      reason,
    });
  });

  it('accepts a token expired within the configured clock tolerance, and not beyond it', async () => {
    const token = await mint({ expiresAt: now() - 20 });
    await expect(verifier({ clockToleranceSeconds: 60 }).verify(token)).resolves.toMatchObject({
      role: 'executor',
    });
    await expect(verifier({ clockToleranceSeconds: 5 }).verify(token)).rejects.toMatchObject({
      reason: 'ERR_JWT_EXPIRED',
    });
  });

  it('refuses an algorithm outside the allow-list even when the key is published', async () => {
    const es = await makeKey('es-1', 'ES256');
    published = [current, es];
    try {
      const token = await mint({ key: es, alg: 'ES256' });
      await expect(verifier({ algorithms: ['RS256'] }).verify(token)).rejects.toMatchObject({
        reason: 'ERR_JOSE_ALG_NOT_ALLOWED',
      });
      await expect(verifier({ algorithms: ['RS256', 'ES256'] }).verify(token)).resolves.toMatchObject({
        role: 'executor',
      });
    } finally {
      published = [current];
    }
  });

  it('picks up a rotated key: a token with a new key id makes it fetch the key set again (after the cooldown)', async () => {
    const v = verifier({ keySetCooldownMs: 0 });
    await v.verify(await mint());
    const rotated = await makeKey('k2');
    published = [current, rotated];
    try {
      await expect(v.verify(await mint({ key: rotated }))).resolves.toMatchObject({ role: 'executor' });
    } finally {
      published = [current];
    }
  });

  it('cannot be configured to accept none or a shared-secret algorithm', () => {
    for (const algorithms of [['HS256'], ['none'], ['RS256', 'HS512'], []])
      expect(() => verifier({ algorithms })).toThrow(/only asymmetric algorithms/);
  });

  it('answers 401 problem+json with a Bearer challenge at the HTTP edge for a refused token', async () => {
    const app = createHttpApp({ logger: silentLogger, verifier: verifier() });
    app.get('/me', (_req, res) => {
      res.json(principal(res));
    });
    finalize(app);
    const ok = await request(app)
      .get('/me')
      .set('Authorization', `Bearer ${await mint()}`);
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('executor');
    const bad = await request(app)
      .get('/me')
      .set('Authorization', `Bearer ${await mint({ audience: 'billing' })}`);
    expect(bad.status).toBe(401);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });
});
