import { Command } from 'commander';

/**
 * `pnpm scale:reads --base http://127.0.0.1:8080`: the p50/p95/p99 of the API's reads on a running system (issue 13,
 * item 3: appeal, inbox, search, statistics, state at a time), one client, sequential requests with dev tokens,
 * from its own process. Meant for a system started on a `seed:scale` + `scale:prepare` folder; prints one JSON line
 * per read.
 */

interface Measured {
  name: string;
  n: number;
  statuses: number[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const quantile = (sorted: number[], p: number) =>
  +(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);

async function token(base: string, body: Record<string, string>): Promise<string> {
  const res = await fetch(`${base}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`dev token for ${JSON.stringify(body)}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function getJson<T>(base: string, path: string, bearer: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** `n` sequential GETs of `pathOf(i)`; the wall time of each, body read. */
async function measure(
  base: string,
  name: string,
  bearer: string,
  pathOf: (i: number) => string,
  n: number,
): Promise<Measured> {
  const times: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(`${base}${pathOf(i)}`, { headers: { authorization: `Bearer ${bearer}` } });
    await res.arrayBuffer();
    statuses.add(res.status);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    n,
    statuses: [...statuses],
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    max: quantile(times, 1),
  };
}

type Page = { items: Array<{ appealId: string; applicantAccountId?: string | null }>; total?: number };

/** The reads, each with the ids a first request found (an agency's appeals, one applicant's account). */
async function reads(base: string, n: number, write: (m: Measured) => void) {
  const head = await token(base, { role: 'head', agencyId: 'mon' });
  const auditor = await token(base, { role: 'auditor' });
  const inbox = await getJson<Page>(base, '/agencies/mon/inbox?limit=50', head);
  const ids = inbox.items.map((a) => a.appealId);
  if (ids.length === 0) throw new Error('agency mon holds no appeal: is this a seed:scale folder?');
  const detail = await getJson<{ applicantAccountId?: string }>(base, `/appeals/${ids[0]}`, auditor);
  const account = detail.applicantAccountId;
  const at = (i: number) => ids[i % ids.length];
  write(await measure(base, 'GET /appeals/{id} (head of the agency)', head, (i) => `/appeals/${at(i)}`, n));
  write(
    await measure(
      base,
      'GET /agencies/mon/inbox?limit=50, pages 1–20',
      head,
      (i) => `/agencies/mon/inbox?limit=50&offset=${(i % 20) * 50}`,
      n,
    ),
  );
  write(
    await measure(
      base,
      'GET /appeals?status=answered&limit=20, pages 1–20 (auditor)',
      auditor,
      (i) => `/appeals?status=answered&limit=20&offset=${(i % 20) * 20}`,
      n,
    ),
  );
  if (account) {
    const applicant = await token(base, { role: 'applicant', sub: account });
    write(await measure(base, 'GET /me/appeals (an applicant)', applicant, () => '/me/appeals?limit=20', n));
  }
  write(await measure(base, 'GET /stats/agencies (all time)', auditor, () => '/stats/agencies', 20));
  write(
    await measure(
      base,
      'GET /stats/agencies?from&to (a month, a different one each time)',
      auditor,
      (i) =>
        `/stats/agencies?from=2025-${String((i % 12) + 1).padStart(2, '0')}-01&to=2025-${String((i % 12) + 1).padStart(2, '0')}-28`,
      20,
    ),
  );
  write(
    await measure(
      base,
      'GET /audit/appeals/{id}/state?at= (auditor)',
      auditor,
      (i) => `/audit/appeals/${at(i)}/state?at=2026-06-01T00:00:00Z`,
      n,
    ),
  );
  write(
    await measure(
      base,
      'GET /audit/appeals/{id}/history (auditor)',
      auditor,
      (i) => `/audit/appeals/${at(i)}/history`,
      n,
    ),
  );
}

export async function main(argv = process.argv.slice(2)) {
  const o = new Command('scale:reads')
    .description("Measures the API's reads on a running system (issue 13)")
    .option('--base <url>', 'the system', 'http://127.0.0.1:8080')
    .option('--requests <n>', 'requests per read (statistics: 20)', (v) => Number(v), 200)
    .parse(['node', 'scale:reads', ...argv])
    .opts<{ base: string; requests: number }>();
  const base = `${o.base.replace(/\/$/, '')}/api/v1`;
  await reads(base, o.requests, (m) => process.stdout.write(`${JSON.stringify(m)}\n`));
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`scale:reads: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
