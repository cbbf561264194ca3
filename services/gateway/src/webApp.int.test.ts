import { createHttpApp, finalize, silentLogger } from '@appeals/http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createClusterGateway, UPSTREAMS, type UpstreamName } from './cluster';
import { createEmbeddedSystem } from './embedded';
import { DEFAULT_WEB_DIST, webAppBuilt, webAppRouter } from './webApp';

// The built web app served by the gateway, from a temporary dist folder written by the test.

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/index-3f2a9c1b.js"></script></body></html>';
const SCRIPT = 'console.log("app")';
const PAGE = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An empty folder, or a built app in it (index.html, a hashed script, a favicon). */
function dist(built: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'appeals-web-'));
  folders.push(dir);
  if (built) build(dir);
  return dir;
}
/** a script big enough to be worth compressing */
const BIG_SCRIPT = Array.from({ length: 2000 }, (_, i) => `console.log("line ${i}");`).join('\n');
function build(dir: string) {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'assets', 'vendor-9d8e7f6a.js'), BIG_SCRIPT);
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-3f2a9c1b.js'), SCRIPT);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

/** An API next to the web app, with the problem+json 404 after both, as the gateways mount them. */
function appServing(distDir: string) {
  const app = createHttpApp({ logger: silentLogger });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/api/v1/catalog', (_req, res) => {
    res.json({ kinds: [] });
  });
  app.use(webAppRouter({ distDir }));
  finalize(app, { logger: silentLogger });
  return app;
}

describe('the built web app', () => {
  const app = appServing(dist(true));

  it('answers / and any page of the app with index.html, revalidated on each visit', async () => {
    for (const path of ['/', '/track', '/console/inbox', '/audit/appeals/42?at=2026-03-02']) {
      const reply = await request(app).get(path).set('Accept', PAGE);
      expect({ path, status: reply.status, type: reply.type, body: reply.text }).toEqual({
        path,
        status: 200,
        type: 'text/html',
        body: INDEX,
      });
      expect(reply.headers['cache-control']).toBe('no-cache');
    }
    expect((await request(app).head('/console').set('Accept', PAGE)).status).toBe(200);
  });

  it('serves the hashed assets for a year and other files revalidated', async () => {
    const script = await request(app).get('/assets/index-3f2a9c1b.js');
    expect(script.status).toBe(200);
    expect(script.type).toBe('text/javascript');
    expect(script.text).toBe(SCRIPT);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const icon = await request(app).get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('compresses what the browser accepts, and sends it as is to a client that accepts no encoding', async () => {
    const gzipped = await request(app).get('/assets/vendor-9d8e7f6a.js').set('Accept-Encoding', 'gzip');
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.text).toBe(BIG_SCRIPT);

    const plain = await request(app).get('/assets/vendor-9d8e7f6a.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(BIG_SCRIPT);
  });

  it('leaves the API, the probes and missing files alone (404 problems, never index.html)', async () => {
    expect((await request(app).get('/api/v1/catalog').set('Accept', PAGE)).body).toEqual({ kinds: [] });
    expect((await request(app).get('/health').set('Accept', PAGE)).body).toEqual({ status: 'ok' });
    for (const [path, accept] of [
      ['/api/v1/nothing', PAGE],
      ['/api', PAGE],
      ['/openapi.json', PAGE],
      ['/asyncapi.json', PAGE],
      ['/assets/index-00000000.js', PAGE],
      ['/console/inbox', 'application/json'],
      ['/console/inbox', '*/*'],
    ] as const) {
      const reply = await request(app).get(path).set('Accept', accept);
      expect({ path, accept, status: reply.status, type: reply.type }).toEqual({
        path,
        accept,
        status: 404,
        type: 'application/problem+json',
      });
    }
    expect((await request(app).post('/console').set('Accept', PAGE)).status).toBe(404);
  });
});

describe('before the web app is built', () => {
  it('answers pages with a 503 HTML page saying how to build it, while the API works', async () => {
    const folder = dist(false);
    const app = appServing(folder);

    const page = await request(app).get('/').set('Accept', PAGE);
    expect(page.status).toBe(503);
    expect(page.type).toBe('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('The web app is not built');
    expect(page.text).toContain('pnpm --filter @appeals/web build');
    expect(page.text).toContain(folder);
    expect((await request(app).get('/api/v1/catalog')).status).toBe(200);

    expect(webAppBuilt(folder)).toBe(false);
    build(folder); // built while running: served without a restart
    expect(webAppBuilt(folder)).toBe(true);
    expect((await request(app).get('/').set('Accept', PAGE)).text).toBe(INDEX);
  });

  it('looks for services/web/dist by default', () => {
    expect(DEFAULT_WEB_DIST).toBe(join(__dirname, '..', '..', 'web', 'dist'));
  });
});

describe('both gateways serve it', () => {
  it('embedded: the app at /, the API beside it', async () => {
    const system = createEmbeddedSystem({
      dataDir: ':memory:',
      webDistDir: dist(true),
      logger: silentLogger,
    });
    try {
      expect((await request(system.app).get('/citizen/new').set('Accept', PAGE)).text).toBe(INDEX);
      expect((await request(system.app).get('/api/v1/auth/dev-users')).body.users).toHaveLength(12);
      expect((await request(system.app).get('/api/v1/catalog')).status).toBe(200);
    } finally {
      await system.stop();
    }
  });

  it('cluster: the app at /, API routes still proxied, a 503 page without a build', async () => {
    const unreachable = Object.fromEntries(UPSTREAMS.map((name) => [name, ['http://127.0.0.1:9']])) as Record<
      UpstreamName,
      string[]
    >;
    const built = createClusterGateway({
      upstreams: unreachable,
      logger: silentLogger,
      webDistDir: dist(true),
    });
    const bare = createClusterGateway({
      upstreams: unreachable,
      logger: silentLogger,
      webDistDir: dist(false),
    });
    try {
      expect((await request(built).get('/stats').set('Accept', PAGE)).text).toBe(INDEX);
      const proxied = await request(built).get('/api/v1/stats/agencies').set('Accept', PAGE);
      expect(proxied.status).toBe(503);
      expect(proxied.body).toMatchObject({ upstream: 'projections' });
      expect((await request(bare).get('/').set('Accept', PAGE)).status).toBe(503);
      expect((await request(bare).get('/health')).status).toBe(200);
    } finally {
      built.close();
      bare.close();
    }
  });
});
