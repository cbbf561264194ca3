import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { createHttpApp, finalize } from './app';
import type { Principal } from './roles';
import {
  type TokenVerifier,
  authenticate,
  createDevTokenIssuer,
  createJwksVerifier,
  createTokenVerifier,
  devTokenRouter,
  isInvalidTokenError,
  optionalPrincipal,
  principal,
  requireRole,
} from './auth';
import { silentLogger } from './logger';
import { createApiRegistry } from './openapi';

const registrar: Principal = { sub: 'u-1', role: 'registrar', agencyId: 'akimat-almaty', name: 'Aigerim' };

const makeApp = (verifier: TokenVerifier, issuer = createDevTokenIssuer()) => {
  const app = createHttpApp({ logger: silentLogger });
  app.use(devTokenRouter(issuer));
  app.get('/me', authenticate(verifier), (_req, res) => {
    res.json(principal(res));
  });
  app.get('/public', authenticate(verifier, { optional: true }), (_req, res) => {
    res.json({ caller: optionalPrincipal(res)?.sub ?? null });
  });
  app.post('/approve', authenticate(verifier), requireRole('approver', 'head'), (_req, res) => {
    res.json({ ok: true });
  });
  finalize(app);
  return app;
};

describe('dev tokens', () => {
  const issuer = createDevTokenIssuer();
  const verifier = createTokenVerifier(issuer);

  it('round-trips a principal through issue and verify', async () => {
    const { token, tokenType, expiresIn } = await issuer.issue(registrar);
    expect(tokenType).toBe('Bearer');
    expect(expiresIn).toBe(8 * 60 * 60);
    await expect(verifier.verify(token)).resolves.toEqual(registrar);
  });

  it('leaves optional claims out when absent', async () => {
    const { token } = await issuer.issue({ sub: 'citizen-7', role: 'applicant' });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'citizen-7', role: 'applicant' });
  });

  it.each([
    [
      'expired',
      async () => (await issuer.issue(registrar, { now: new Date(Date.now() - 9 * 3600_000) })).token,
      'ERR_JWT_EXPIRED',
    ],
    [
      'forged (other secret)',
      async () => (await createDevTokenIssuer().issue(registrar)).token,
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ],
    [
      'for another audience',
      async () =>
        (await createDevTokenIssuer({ secret: issuer.secret, audience: 'billing' }).issue(registrar)).token,
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    ],
    [
      'from another issuer',
      async () =>
        (await createDevTokenIssuer({ secret: issuer.secret, issuer: 'evil' }).issue(registrar)).token,
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    ],
    [
      'a staff token without agency',
      async () => (await issuer.issue({ sub: 'u', role: 'head' })).token,
      'claims',
    ],
    ['garbage', async () => 'not.a.jwt', 'ERR_JWS_INVALID'],
  ])('rejects a token that is %s', async (_name, mint, reason) => {
    const failure = await verifier.verify(await mint()).catch((err: unknown) => err);
    expect(isInvalidTokenError(failure)).toBe(true);
    expect(failure).toMatchObject({ reason });
  });

  it('rejects an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        sub: 'x',
        role: 'admin',
        iss: 'appeals-dev',
        aud: 'appeals',
        exp: Math.floor(Date.now() / 1000) + 60,
      }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${body}.`)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });
});

describe('authenticate', () => {
  const issuer = createDevTokenIssuer();
  const app = makeApp(createTokenVerifier(issuer), issuer);

  it('puts the verified caller on the request', async () => {
    const { token } = await issuer.issue(registrar);
    const res = await request(app).get('/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(registrar);
  });

  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const res = await request(app).get('/me');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="appeals"');
  });

  it('answers 401 invalid_token to an expired token', async () => {
    const { token } = await issuer.issue(registrar, { now: new Date(Date.now() - 9 * 3600_000) });
    const res = await request(app).get('/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="appeals", error="invalid_token"/);
    expect(res.body.detail).toBe('The access token has expired.');
  });

  it('answers 401 to a forged token and to a token for another audience', async () => {
    const forged = (await createDevTokenIssuer().issue(registrar)).token;
    const otherAudience = (
      await createDevTokenIssuer({ secret: issuer.secret, audience: 'billing' }).issue(registrar)
    ).token;
    for (const token of [forged, otherAudience]) {
      const res = await request(app).get('/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('The access token is invalid.');
    }
  });

  it('answers 401 to another scheme', async () => {
    const res = await request(app).get('/me').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('lets anonymous callers through an optional route but still refuses bad tokens there', async () => {
    expect((await request(app).get('/public')).body).toEqual({ caller: null });
    expect((await request(app).get('/public').set('Authorization', 'Bearer x.y.z')).status).toBe(401);
  });
});

describe('requireRole', () => {
  const issuer = createDevTokenIssuer();
  const app = makeApp(createTokenVerifier(issuer), issuer);

  it('answers 403 naming the roles required', async () => {
    const { token } = await issuer.issue(registrar);
    const res = await request(app).post('/approve').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:appeals:problem:role-required',
      detail: 'This action requires one of the roles: approver, head.',
      requiredRoles: ['approver', 'head'],
      role: 'registrar',
    });
  });

  it('lets a caller with a listed role through', async () => {
    const { token } = await issuer.issue({ sub: 'h', role: 'head', agencyId: 'akimat-almaty' });
    expect((await request(app).post('/approve').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
});

describe('POST /auth/dev-token', () => {
  const issuer = createDevTokenIssuer();
  const app = makeApp(createTokenVerifier(issuer), issuer);

  it('issues a token the verifier accepts', async () => {
    const res = await request(app)
      .post('/auth/dev-token')
      .send({ role: 'executor', agencyId: 'akimat-almaty', name: 'Daniyar' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 28800,
      principal: { role: 'executor', agencyId: 'akimat-almaty' },
    });
    const me = await request(app).get('/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.body).toEqual(res.body.principal);
    expect(typeof me.body.sub).toBe('string');
  });

  it('requires agencyId for staff roles', async () => {
    const res = await request(app).post('/auth/dev-token').send({ role: 'registrar' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.agencyId' })]);
  });

  it('accepts an applicant without agency and refuses unknown fields and roles', async () => {
    expect(
      (await request(app).post('/auth/dev-token').send({ role: 'applicant', sub: 'citizen-1' })).body
        .principal,
    ).toEqual({
      sub: 'citizen-1',
      role: 'applicant',
    });
    const res = await request(app).post('/auth/dev-token').send({ role: 'superuser', admin: true });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.admin',
      'body.role',
    ]);
  });
});

describe('GET /auth/dev-users', () => {
  const users = [
    { sub: 'citizen-1', role: 'applicant' as const, name: 'Айгерим Садыкова' },
    { sub: 'executor-almaty', role: 'executor' as const, agencyId: 'akimat-almaty', name: 'Нурлан Касымов' },
  ];

  it('lists the given users, documented next to the dev-token route', async () => {
    const registry = createApiRegistry({ title: 't', version: '1' });
    const app = createHttpApp({ logger: silentLogger });
    app.use('/api/v1', devTokenRouter(createDevTokenIssuer(), { users, registry, mountedAt: '/api/v1' }));
    finalize(app);

    const res = await request(app).get('/api/v1/auth/dev-users');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users });
    const paths = registry.document().paths ?? {};
    expect(Object.keys(paths).sort()).toEqual(['/api/v1/auth/dev-token', '/api/v1/auth/dev-users']);
    expect(paths['/api/v1/auth/dev-users']?.get?.summary).toMatch(/Demo users/);
  });

  it('is absent (404 problem) when no users are given', async () => {
    const res = await request(makeApp(createTokenVerifier(createDevTokenIssuer()))).get('/auth/dev-users');
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });

  it('refuses a user list with an unknown role when the router is built', () => {
    expect(() =>
      devTokenRouter(createDevTokenIssuer(), {
        users: [{ sub: 'x', role: 'superuser' as never, name: 'X' }],
      }),
    ).toThrow();
  });
});

describe('JWKS verifier', () => {
  let server: Server;
  let jwksUri: string;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const mint = (kid: string, claims: Record<string, unknown> = { role: 'auditor' }) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('auditor-1')
      .setIssuer('https://idp.example/realms/appeals')
      .setAudience('appeals')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  it('verifies tokens signed by a key from the set', async () => {
    const verifier = createJwksVerifier({
      jwksUri,
      issuer: 'https://idp.example/realms/appeals',
      audience: 'appeals',
    });
    await expect(verifier.verify(await mint('k1'))).resolves.toEqual({ sub: 'auditor-1', role: 'auditor' });
  });

  it('treats an unknown key id as an invalid token', async () => {
    const verifier = createJwksVerifier({
      jwksUri,
      issuer: 'https://idp.example/realms/appeals',
      audience: 'appeals',
    });
    await expect(verifier.verify(await mint('other'))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });

  it('maps provider claims with toPrincipal', async () => {
    const verifier = createJwksVerifier({
      jwksUri,
      issuer: 'https://idp.example/realms/appeals',
      audience: 'appeals',
      toPrincipal: (payload) => ({
        sub: String(payload.sub),
        role: 'auditor',
        name: String(payload.preferred_username),
      }),
    });
    await expect(verifier.verify(await mint('k1', { preferred_username: 'asel' }))).resolves.toEqual({
      sub: 'auditor-1',
      role: 'auditor',
      name: 'asel',
    });
  });

  it('reports an unreachable key set as the identity provider being down (503, retry), not as the caller’s 401', async () => {
    const verifier = createJwksVerifier({
      jwksUri: 'http://127.0.0.1:1/certs',
      issuer: 'x',
      audience: 'appeals',
    });
    const app = makeApp(verifier);
    const res = await request(app)
      .get('/me')
      .set('Authorization', `Bearer ${await mint('k1')}`);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
  });
});
