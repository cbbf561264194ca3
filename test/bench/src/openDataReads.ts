import { createEmbeddedSystem } from '@appeals/gateway';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyWriter } from './scale';
import { summarize } from './stats';

// `pnpm --filter @appeals/bench open-data-reads`: the public reads of issue 11's second half on the embedded system
// (SQLite in a fresh temporary folder) holding BENCH_OPEN_DATA_APPEALS (5,000) appeals of seed:scale's generator:
// GET /open-data/monthly.json for every distinct month range of 2026 (each a cache miss: the route keeps a range 10 s),
// the same ranges of GET /stats/agencies for comparison (the same buckets without their cells), and GET /faq. One at
// a time; latency per request and the process's CPU per request (server and client share the process). A benchmark,
// not a test: no thresholds.

const APPEALS = Number(process.env.BENCH_OPEN_DATA_APPEALS ?? 5_000);

const months = Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
/** Every (from, to) of the months, from ≤ to: 66 distinct ranges. */
const ranges = months.flatMap((from, i) => months.slice(i).map((to) => ({ from, to })));
const dateRange = ({ from, to }: { from: string; to: string }) => {
  const end = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
  return { from: `${from}-01`, to: end };
};

async function measure(base: string, paths: string[]) {
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (const path of paths) {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`);
    await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    samples.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  const { p50, p95 } = summarize(samples);
  const ms = (x: number) => Number(x.toFixed(2));
  return {
    requests: paths.length,
    p50: ms(p50),
    p95: ms(p95),
    cpuMsPerRequest: ms((used.user + used.system) / 1000 / paths.length),
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-data-reads-'));
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  try {
    const history = historyWriter(
      { store: system.store, vault: system.vault },
      {
        from: '2026-01-05',
        to: '2026-11-27',
        seed: 11,
        expectedAppeals: APPEALS,
      },
    );
    for (let serial = 0; serial < APPEALS; serial++) await history.write(serial);
    await system.start();
    await system.settled();
    const server = system.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    await measure(base, ['/stats/agencies']); // the marked days recomputed once, before anything is timed
    const openData = await measure(
      base,
      ranges.map((r) => `/open-data/monthly.json?from=${r.from}&to=${r.to}`),
    );
    const stats = await measure(
      base,
      ranges.map(dateRange).map((r) => `/stats/agencies?from=${r.from}&to=${r.to}`),
    );
    const faq = await measure(
      base,
      Array.from({ length: 66 }, () => '/faq?lang=ru'),
    );
    console.log(JSON.stringify({ appeals: APPEALS, openData, stats, faq }));
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
