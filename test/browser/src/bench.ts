// First-load figures of the web app on the embedded system: for each page, N cold loads (fresh browser context,
// empty cache) in Debian's Chromium; the median of transfer sizes by type and of the timings is printed as a
// Markdown table for docs/benchmarks.md.  Run: pnpm --filter @appeals/browser-tests bench  (BENCH_RUNS=7)
import { gzipSync } from 'node:zlib';
import { benchRuns } from './env';
import { launchBrowser, startSystem } from './harness';

interface Sample {
  bytes: Record<'html' | 'js' | 'css' | 'api' | 'other', number>;
  requests: number;
  /** the same HTML, JS and CSS bodies gzipped (what a compressing server would send) */
  gzipped: number;
  encoding: string;
  domContentLoaded: number;
  load: number;
  firstContentfulPaint: number;
  firstContent: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

// Records when the page's own heading first exists (the first meaningful content), against navigation start.
const firstContentProbe = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('main h1')) { window.__firstContent = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

async function main() {
  const sys = await startSystem();
  const browser = await launchBrowser();
  const pages = [
    { name: 'home', path: '/', ready: 'main h1' },
    { name: 'public statistics', path: '/stats', ready: 'main h1' },
    { name: 'case lookup', path: '/lookup', ready: 'main h1' },
  ];
  const rows: string[] = [];
  try {
    for (const target of pages) {
      const samples: Sample[] = [];
      for (let run = 0; run < benchRuns; run++) {
        const context = await browser.newContext({ locale: 'en-GB' });
        const page = await context.newPage();
        await page.addInitScript(firstContentProbe);
        const sample: Sample = {
          bytes: { html: 0, js: 0, css: 0, api: 0, other: 0 },
          requests: 0,
          gzipped: 0,
          encoding: 'identity',
          domContentLoaded: 0,
          load: 0,
          firstContentfulPaint: 0,
          firstContent: 0,
        };
        const sized: Promise<void>[] = [];
        page.on('requestfinished', (request) => {
          sized.push(
            (async () => {
              const sizes = await request.sizes();
              const response = await request.response();
              const url = new URL(request.url());
              const type = request.resourceType();
              const kind = url.pathname.startsWith('/api/') ? 'api' : type === 'document' ? 'html' : type === 'script' ? 'js' : type === 'stylesheet' ? 'css' : 'other';
              // bytes on the wire: headers + (possibly compressed) body
              sample.bytes[kind] += sizes.responseHeadersSize + sizes.responseBodySize;
              sample.requests += 1;
              const enc = response ? await response.headerValue('content-encoding') : null;
              if (enc && kind === 'js') sample.encoding = enc;
              if (response && (kind === 'html' || kind === 'js' || kind === 'css')) sample.gzipped += gzipSync(await response.body()).length;
            })(),
          );
        });
        await page.goto(`${sys.baseUrl}${target.path}`, { waitUntil: 'load' });
        await page.waitForSelector(target.ready);
        await page.waitForLoadState('networkidle');
        await Promise.all(sized);
        const t = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return {
            dcl: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            fcp: fcp ? fcp.startTime : NaN,
            first: (window as unknown as { __firstContent?: number }).__firstContent ?? NaN,
          };
        });
        sample.domContentLoaded = t.dcl;
        sample.load = t.load;
        sample.firstContentfulPaint = t.fcp;
        sample.firstContent = t.first;
        samples.push(sample);
        await context.close();
      }
      const m = (f: (s: Sample) => number) => median(samples.map(f));
      const kb = (n: number) => (n / 1024).toFixed(1);
      const ms = (n: number) => n.toFixed(0);
      rows.push(
        `| ${target.name} (\`${target.path}\`) | ${kb(m((s) => s.bytes.html))} | ${kb(m((s) => s.bytes.js))} | ${kb(m((s) => s.bytes.css))} | ${kb(m((s) => s.bytes.api))} | ${kb(m((s) => s.bytes.html + s.bytes.js + s.bytes.css + s.bytes.api + s.bytes.other))} | ${kb(m((s) => s.gzipped))} | ${m((s) => s.requests)} | ${samples[0]?.encoding} | ${ms(m((s) => s.domContentLoaded))} | ${ms(m((s) => s.firstContentfulPaint))} | ${ms(m((s) => s.firstContent))} | ${ms(m((s) => s.load))} |`,
      );
    }
  } finally {
    await browser.close();
    await sys.stop();
  }
  console.log(`First load, median of ${benchRuns} cold loads per page (KiB on the wire incl. headers; ms from navigation start)\n`);
  console.log('| page | HTML KiB | JS KiB | CSS KiB | API KiB | total KiB | HTML+JS+CSS gzipped KiB | requests | JS encoding | DOMContentLoaded ms | first contentful paint ms | first content (h1) ms | load ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
