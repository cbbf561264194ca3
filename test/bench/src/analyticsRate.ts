import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createEmbeddedSystem } from '@appeals/gateway';
import { buildViewsOf, writeHistory } from './scale';

/**
 * `pnpm --filter @appeals/bench analytics-rate [EVENTS]`: the topics and surges routes on a seeded in-memory embedded
 * system (seed:scale's generator, 12 weeks, a surge), each question asked once uncached: wall time, the server
 * process's CPU time per request (the routes run in this process, the topics' clustering on its worker thread) and
 * the longest the process's event loop was held up meanwhile (what every other request waited). Prints one JSON line.
 */
async function main(events = Number(process.argv[2] ?? 42_000)) {
  const system = createEmbeddedSystem({
    dataDir: ':memory:',
    logger: { error: () => undefined, warn: () => undefined },
  });
  const surge = { categoryId: 'housing_utilities', regionKato: '751510000', week: '2026-11-16', count: 40 };
  const tally = await writeHistory(
    { store: system.store, vault: system.vault },
    { events, from: '2026-09-07', to: '2026-11-29', seed: 7, writers: 1, surge },
    () => undefined,
  );
  await buildViewsOf(system);
  await system.start();
  const server = system.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const reply = await fetch(`${base}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'press', sub: 'press-1' }),
  });
  const token = (await reply.json()) as { token: string };
  const time = async (path: string) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token.token}` } });
    const body = (await res.json()) as { appeals?: number; cells?: number };
    delay.disable();
    const used = process.cpuUsage(cpu);
    return {
      path,
      status: res.status,
      appeals: body.appeals ?? body.cells,
      ms: Math.round(performance.now() - started),
      cpuMs: Math.round((used.user + used.system) / 1000),
      /** the longest the event loop was held up during the request (ms) */
      loopBlockedMaxMs: Math.round(delay.max / 1e6),
    };
  };
  const results = [];
  for (const date of ['2026-11-16', '2026-11-09', '2026-11-02'])
    results.push(await time(`/analytics/topics?period=week&date=${date}`));
  for (const date of ['2026-11-02', '2026-10-05'])
    results.push(await time(`/analytics/topics?period=month&date=${date}`));
  for (const date of ['2026-11-16', '2026-11-09']) results.push(await time(`/analytics/surges?date=${date}`));
  server.close();
  await system.stop();
  console.log(JSON.stringify({ appeals: tally.appeals, events: tally.events, results }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
