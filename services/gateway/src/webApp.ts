import compression from 'compression';
import express, { Router, type Request } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * Where `pnpm --filter @appeals/web build` writes the web app: services/web/dist, found from this file both when
 * it runs from source (services/gateway/src) and from the cluster build (services/gateway/dist).
 */
export const DEFAULT_WEB_DIST = resolve(__dirname, '../../web/dist');

/** Vite's content-hashed files: their name changes with their content, so they may be kept for a year. */
const HASHED_ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** everything else (index.html, favicon…) is revalidated on each visit, so a new build shows at once */
const REVALIDATE = 'no-cache';

/** Paths the API and the probes own: never answered with the web app. */
const isServerPath = (path: string) =>
  path === '/api' ||
  path.startsWith('/api/') ||
  path === '/openapi.json' ||
  path === '/asyncapi.json' ||
  path === '/health' ||
  path === '/ready';

/** A browser navigation: a GET (or HEAD) that asks for an HTML page. */
const wantsPage = (req: Request) =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  !isServerPath(req.path) &&
  !req.path.startsWith(HASHED_ASSETS) &&
  (req.get('accept') ?? '').includes('text/html');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The page `/` answers (503) while the web app has not been built. */
export const notBuiltPage = (distDir: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Web app not built — Citizens' appeals platform</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<h1>The web app is not built</h1>
<p>The API is running (<a href="/openapi.json">/openapi.json</a>, <a href="/asyncapi.json">/asyncapi.json</a>, <a href="/health">/health</a>), but the web app's
files were not found in <code>${escapeHtml(distDir)}</code>.</p>
<p>Build it once with</p>
<pre><code>pnpm --filter @appeals/web build</code></pre>
<p>then reload this page, or start the system with <code>pnpm start</code>, which builds it first.</p>
</main>
</body>
</html>
`;

/** Whether `distDir` holds a built web app (its index.html). */
export const webAppBuilt = (distDir: string = DEFAULT_WEB_DIST): boolean =>
  existsSync(join(distDir, 'index.html'));

export interface WebAppOptions {
  /** the built web app (index.html and assets/); {@link DEFAULT_WEB_DIST} by default */
  distDir?: string;
}

/**
 * Serves the built web app at `/` with express.static: hashed `/assets/*` cached for a year, other files
 * revalidated, and any page navigation outside the API (`/api/*`, `/openapi.json`, `/asyncapi.json`, `/health`, `/ready`)
 * answered with index.html so the app's own router takes it (SPA fallback). While the app is not built,
 * navigations get a 503 HTML page saying how to build it; the API is not affected either way. Mount it after the
 * API routes and before the final 404 handler.
 */
export function webAppRouter({ distDir = DEFAULT_WEB_DIST }: WebAppOptions = {}): Router {
  const router = Router();
  const index = join(distDir, 'index.html');
  // gzip (or deflate) what the browser accepts: the first visit's JS and CSS shrink to about a third
  router.use(compression());
  const assets = join(distDir, 'assets') + sep;
  router.use(
    express.static(distDir, {
      index: false,
      redirect: false,
      setHeaders: (res, file) => {
        res.setHeader('Cache-Control', file.startsWith(assets) ? IMMUTABLE : REVALIDATE);
      },
    }),
  );
  router.use((req, res, next) => {
    if (!wantsPage(req)) {
      next();
      return;
    }
    // looked up per request: a build made while the system runs is served without a restart
    if (!existsSync(index)) {
      res.status(503).set('Cache-Control', 'no-store').type('html').send(notBuiltPage(distDir));
      return;
    }
    res.set('Cache-Control', REVALIDATE);
    res.sendFile(index, (err) => {
      if (err) next(err);
    });
  });
  return router;
}
