import { createEmbeddedSystem } from '@appeals/gateway';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pool, summarize } from './stats';

// `pnpm --filter @appeals/bench ryw`: how soon a client sees what it just did, on the embedded system over HTTP.
// Each round files an appeal, then reads it back until the view is routed (the routing service's effect), and
// assigns executors and reads back the version the command answered: once with the server-side wait
// (GET …?waitFor=/minVersion=&waitMs=), once with the polling loop the web app used before (GET every 150 ms).
// Prints latency from the command's answer to the read that shows its effect, and GETs per read-back.
// BENCH_RYW_CLIENTS clients run the rounds at once (1 by default), so the views lag as under load.
// A benchmark, not a test: no thresholds.

const ROUNDS = Number(process.env.BENCH_RYW_ROUNDS ?? 100);
const POLL_MS = Number(process.env.BENCH_RYW_POLL_MS ?? 150);
const CLIENTS = Number(process.env.BENCH_RYW_CLIENTS ?? 1);

interface Sample {
  ms: number;
  gets: number;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'appeals-ryw-'));
  const system = createEmbeddedSystem({
    dataDir,
    devAuth: true,
    logger: { error: () => undefined, warn: () => undefined },
    edge: { rateLimit: false },
  });
  await system.start();
  const server = system.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const token = async (role: string, extra: Record<string, string> = {}) =>
    (await call('POST', '/auth/dev-token', '', { role, ...extra })).body['token'] as string;
  const citizen = await token('applicant', { sub: 'citizen-ryw' });
  const head = await token('head', { agencyId: 'akimat-almaty-bostandyk', sub: 'head-ryw' });

  /** reads with the server-side wait: one GET */
  const waited = async (id: string, query: string): Promise<Sample> => {
    const began = performance.now();
    const r = await call('GET', `/appeals/${id}?${query}&waitMs=10000`, head);
    if (r.status !== 200) throw new Error(`read ${r.status}`);
    return { ms: performance.now() - began, gets: 1 };
  };
  /** reads every POLL_MS until `done` holds, as the web app's loop did */
  const polled = async (id: string, done: (view: Record<string, unknown>) => boolean): Promise<Sample> => {
    const began = performance.now();
    for (let gets = 1; ; gets++) {
      const r = await call('GET', `/appeals/${id}`, head);
      if (r.status === 200 && done(r.body)) return { ms: performance.now() - began, gets };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const samples = { routedWait: [], routedPoll: [], versionWait: [], versionPoll: [] } as Record<
    string,
    Sample[]
  >;
  await pool(ROUNDS, CLIENTS, async (i) => {
    const poll = i % 2 === 1; // alternate, so both see the same load
    const filed = await call('POST', '/appeals', citizen, {
      kind: 'application',
      categoryId: 'housing_utilities',
      regionKato: '751510000',
      language: 'ru',
      subject: `Нет отопления ${i}`,
      text: 'В доме по улице Тимирязева, 42 третью неделю нет отопления. Прошу принять меры.',
      applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
    });
    const id = filed.body['id'] as string;
    samples[poll ? 'routedPoll' : 'routedWait']!.push(
      poll ? await polled(id, (v) => v['status'] === 'routed') : await waited(id, 'waitFor=routed'),
    );
    const assigned = await call('POST', `/appeals/${id}/assign`, head, { executorIds: ['exec-ryw'] });
    const version = assigned.body['version'] as number;
    samples[poll ? 'versionPoll' : 'versionWait']!.push(
      poll
        ? await polled(id, (v) => (v['version'] as number) >= version)
        : await waited(id, `minVersion=${version}`),
    );
  });

  const line = (label: string, list: Sample[]) => {
    const t = summarize(list.map((s) => s.ms));
    const gets = list.reduce((n, s) => n + s.gets, 0) / list.length;
    console.log(
      `| ${label} | ${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} | ${t.mean.toFixed(1)} | ${gets.toFixed(2)} | ${list.length} |`,
    );
  };
  console.log(`${CLIENTS} client(s), ${ROUNDS} rounds`);
  console.log('| read-back | p50 ms | p95 ms | mean ms | GETs per read-back | samples |');
  console.log('|---|---|---|---|---|---|');
  line('filed → routed, server-side wait (`waitFor=routed`)', samples['routedWait']!);
  line(`filed → routed, polling every ${POLL_MS} ms`, samples['routedPoll']!);
  line('assign → its version, server-side wait (`minVersion`)', samples['versionWait']!);
  line(`assign → its version, polling every ${POLL_MS} ms`, samples['versionPoll']!);

  await new Promise((r) => server.close(r));
  await system.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
