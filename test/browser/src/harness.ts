import AxeBuilder from '@axe-core/playwright';
import { createEmbeddedSystem, type EmbeddedSystem } from '@appeals/gateway';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, hasChromium, inCI, takeScreenshots, webDistDir } from './env';

export const screenshotDir = join(__dirname, '..', '..', '..', 'docs', 'screenshots');

/**
 * `describe` for specs that need the browser: runs them when Chromium is there; in CI runs them anyway so a missing
 * browser fails; elsewhere skips them with a warning (jest counts them as skipped).
 */
export function describeInBrowser(name: string, specs: () => void): void {
  if (!hasChromium && !inCI)
    console.warn(`Browser specs skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);
  (hasChromium || inCI ? describe : describe.skip)(name, specs);
}

/** How a spec's system differs from the default. */
export interface SystemOptions {
  /** the system's clock (the real one by default) */
  clock?: () => Date;
  /** writes a history into the system before it starts (its store and vault; the views built from it) */
  seed?: (system: EmbeddedSystem) => Promise<void>;
}

/** The whole system in memory (the gateway also serves services/web/dist), on a free loopback port. */
export async function startSystem(
  options: SystemOptions = {},
): Promise<{ baseUrl: string; system: EmbeddedSystem; stop(): Promise<void> }> {
  const dist = webDistDir ?? join(__dirname, '..', '..', '..', 'services', 'web', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`No web app build in ${dist}: run pnpm --filter @appeals/web build first`);
  }
  const system = createEmbeddedSystem({
    dataDir: ':memory:',
    ...(webDistDir ? { webDistDir } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await options.seed?.(system);
  await system.start();
  const server = system.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    system,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await system.stop();
    },
  };
}

/** Debian's Chromium through playwright-core (no browser download). Fails when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) {
    throw new Error(
      `No Chromium at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** What a spec block works with: the running system and fresh browser sessions. */
export interface BrowserSpecs {
  /** the system's origin (`http://127.0.0.1:<port>`) */
  readonly baseUrl: string;
  readonly system: EmbeddedSystem;
  /** A page in a fresh browser session (own localStorage), in English at 1280×900; closed after the block. */
  newPage(): Promise<Page>;
  /** {@link waitForAppeal} on this system. */
  waitForAppeal<T = any>(token: string, id: string, statuses: string): Promise<T>;
}

/**
 * `describeInBrowser` with the setup every spec shares: the system and Chromium start before the block's own
 * `beforeAll` and stop after its tests, with every session `newPage()` opened.
 */
export function describeWithBrowser(
  name: string,
  specs: (sys: BrowserSpecs) => void,
  options: SystemOptions = {},
): void {
  describeInBrowser(name, () => {
    let sys: Awaited<ReturnType<typeof startSystem>> | undefined;
    let browser: Browser | undefined;
    const open = new Set<BrowserContext>();
    beforeAll(async () => {
      sys = await startSystem(options);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const context of open) await context.close();
      await browser?.close();
      await sys?.stop();
    });
    const started = () => {
      if (!sys || !browser) throw new Error('The system is not started: use it in a test or a hook');
      return { sys, browser };
    };
    specs({
      get baseUrl() {
        return started().sys.baseUrl;
      },
      get system() {
        return started().sys.system;
      },
      async newPage() {
        const context = await started().browser.newContext({
          locale: 'en-GB',
          viewport: { width: 1280, height: 900 },
        });
        open.add(context);
        context.on('close', () => open.delete(context));
        return context.newPage();
      },
      waitForAppeal: (token, id, statuses) => waitForAppeal(started().sys.baseUrl, token, id, statuses),
    });
  });
}

/** Signs in through the "sign in as" screen (embedded mode's demo users) and waits until the app has moved on. */
export async function signInAs(page: Page, sub: string, baseUrl?: string): Promise<void> {
  const origin = baseUrl ?? new URL(page.url()).origin;
  await page.goto(`${origin}/sign-in`);
  await page.locator(`button[data-sub="${sub}"]`).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** axe-core on the current page (WCAG 2.1 A/AA rules): fails on any violation, whatever its impact (minor too). */
export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  if (result.violations.length > 0) {
    const lines = result.violations.map(
      (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    throw new Error(`Accessibility violations on ${where}:\n${lines.join('\n')}`);
  }
}

/** docs/screenshots/<name>.png when SCREENSHOTS=1 (full page, 1280 wide). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!takeScreenshots) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A bearer token for calling the API directly from a test (e.g. staff answering an appeal). */
export async function tokenFor(
  baseUrl: string,
  body: { role: string; sub: string; agencyId?: string; name?: string },
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`dev-token ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Calls the API as a user; throws on an error status with the problem body. */
export async function callApi<T = any>(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Reads an appeal as a user once its status is one of `statuses` (comma-separated): the API waits for its read view
 * (GET …?waitFor=&waitMs=, up to 10 s) instead of the test polling; fails when the wait ends with another status.
 */
export async function waitForAppeal<T = any>(
  baseUrl: string,
  token: string,
  id: string,
  statuses: string,
): Promise<T> {
  const res = await fetch(
    `${baseUrl}/api/v1/appeals/${id}?waitFor=${encodeURIComponent(statuses)}&waitMs=10000`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const text = await res.text();
  if (!res.ok || res.headers.get('wait-condition') !== 'met') {
    throw new Error(`appeal ${id} did not reach ${statuses} (${res.status}): ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}
