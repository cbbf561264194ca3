import { existsSync } from 'node:fs';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH; never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
/** In CI a missing browser fails the run instead of skipping the browser specs. */
export const inCI = process.env.CI === 'true' || process.env.CI === '1';
export const takeScreenshots = process.env.SCREENSHOTS === '1';
/** how many page loads the first-load benchmark measures (median reported) */
export const benchRuns = Number(process.env.BENCH_RUNS ?? 7);
/** the built web app to serve (default: services/web/dist, as the gateway does) */
export const webDistDir = process.env.WEB_DIST_DIR;
