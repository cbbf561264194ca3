import {
  authenticate,
  createApiRegistry,
  createDevTokenIssuer,
  createHttpApp,
  createTokenVerifier,
  finalize,
  silentLogger,
  type Principal,
} from '@appeals/http';
import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { ensureViewIndexes, queriesRouter, Views } from '@appeals/projections';
import { Catalog, demoCatalog, type ReferenceData } from '@appeals/reference-data';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './stats';

// `pnpm --filter @appeals/bench list-queries`: a rough timing of the read API's list routes (not a benchmark, no
// thresholds) on a SQLite read store filled with LIST_SUMMARIES appeal summaries (300,000 by default) spread over
// 101 agencies (a government office, 10 ministries, 9 bodies under each; a few large, many small): the inbox of a
// large and of a small agency and of a ministry's subtree, the auditor's search by status (page 1 and page 50),
// and an applicant's cabinet, each timed over HTTP in this process.

const SUMMARIES = Number(process.env.LIST_SUMMARIES ?? 300_000);
const ROUNDS = Number(process.env.LIST_ROUNDS ?? 30);
const STATUSES = [
  'registered',
  'routed',
  'in_progress',
  'answered',
  'answered',
  'answered',
  'closed',
] as const;
const DAY = 86_400_000;

/** The agency tree: `gov`, ministries `m0`…`m9`, and bodies `m0-b0`…`m9-b8` under them. */
function agencies(): ReferenceData['agencies'] {
  const name = (id: string) => ({ kk: id, ru: id, en: id });
  const tree: ReferenceData['agencies'] = [{ id: 'gov', kind: 'central', name: name('gov') }];
  for (let m = 0; m < 10; m++) {
    tree.push({ id: `m${m}`, parent: 'gov', kind: 'central', name: name(`m${m}`) });
    for (let b = 0; b < 9; b++)
      tree.push({ id: `m${m}-b${b}`, parent: `m${m}`, kind: 'local', name: name(`m${m}-b${b}`) });
  }
  return tree;
}

/** A deterministic pseudo-random sequence (the same data on every run). */
function random(seed = 42): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

/** Summaries as the projector writes them, agencies weighted 1/(rank + 3) so a few are large and most small. */
async function fill(views: ReturnType<typeof createSqliteReadStore>, ids: string[]): Promise<void> {
  const next = random();
  const weights = ids.map((_, i) => 1 / (i + 3));
  const sum = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let r = next() * sum;
    for (let i = 0; i < ids.length; i++) if ((r -= weights[i]!) <= 0) return ids[i]!;
    return ids.at(-1)!;
  };
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < SUMMARIES; i++) {
    const appealId = `a-${String(i).padStart(7, '0')}`;
    const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
    const registered = start + Math.floor(next() * 800 * DAY);
    const open = status !== 'answered' && status !== 'closed';
    await views.upsert(
      Views.summary,
      appealId,
      {
        appealId,
        registrationNumber: `RN-${i}`,
        status,
        open,
        kind: 'application',
        categoryId: 'housing_utilities',
        subject: 'Нет отопления в доме по улице Тимирязева, 42',
        agencyId: pick(),
        routed: true,
        applicantAccountId: `citizen-${i % 60_000}`,
        registeredAt: new Date(registered).toISOString(),
        dueOn: new Date(registered + 15 * DAY).toISOString().slice(0, 10),
        dueAt: new Date(registered + 15 * DAY).toISOString(),
        executorIds: [],
        deemedRefused: false,
        answeredAt: null,
        answeredOnTime: null,
        rating: null,
        updatedAt: new Date(registered).toISOString(),
      },
      1,
    );
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'appeals-list-'));
  const views = createSqliteReadStore({ filename: join(dir, 'views.db') });
  const tree = agencies();
  const catalog = new Catalog({ ...demoCatalog().data, agencies: tree, routingRules: [] });
  let t0 = Date.now();
  await fill(
    views,
    tree.map((a) => a.id),
  );
  await views.get(Views.summary, 'a-0000000'); // flushes the write queue
  console.log(`filled ${SUMMARIES} summaries in ${Date.now() - t0} ms`);
  t0 = Date.now();
  await ensureViewIndexes(views);
  console.log(`indexes in ${Date.now() - t0} ms`);

  const issuer = createDevTokenIssuer();
  const app = createHttpApp({ logger: silentLogger, rateLimit: false });
  app.use('/api/v1', authenticate(createTokenVerifier(issuer), { optional: true }));
  app.use(
    '/api/v1',
    queriesRouter({
      views,
      // lists open nothing; the detail route would
      vault: createPersonalDataVault({
        keys: createInMemoryKeyStore(),
        masterKeys: masterKeysFrom({ key: generateMasterKey() }),
      }),
      catalog,
      clock: () => new Date('2025-06-01T00:00:00Z'),
      registry: createApiRegistry({ title: 't', version: '0' }),
    }),
  );
  finalize(app, { logger: silentLogger });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const token = async (who: Principal) => `Bearer ${(await issuer.issue(who)).token}`;
  const head = (agencyId: string): Principal => ({ sub: `head-${agencyId}`, role: 'head', agencyId });
  const auditor: Principal = { sub: 'auditor-1', role: 'auditor' };
  const applicant: Principal = { sub: 'citizen-77', role: 'applicant' };

  const cases: Array<[string, string, Principal]> = [
    ['inbox, large agency (gov, own subtree of 101)', '/agencies/gov/inbox?limit=50', head('gov')],
    ['inbox, ministry subtree (m0, 10 agencies)', '/agencies/m0/inbox?limit=50', head('m0')],
    ['inbox, large body (m0-b0)', '/agencies/m0-b0/inbox?limit=50', head('m0-b0')],
    ['inbox, small body (m9-b8)', '/agencies/m9-b8/inbox?limit=50', head('m9-b8')],
    ['inbox, m0 overdue', '/agencies/m0/inbox?limit=50&overdue=true', head('m0')],
    ['search status=answered page 1', '/appeals?status=answered&limit=20', auditor],
    ['search status=answered page 50', '/appeals?status=answered&limit=20&offset=980', auditor],
    ['search, staff of m0 (subtree), page 1', '/appeals?limit=20', head('m0')],
    ['cabinet', '/me/appeals?limit=100', applicant],
  ];
  console.log('| request | total | p50 ms | p99 ms |');
  console.log('|---|---|---|---|');
  for (const [label, path, who] of cases) {
    const authorization = await token(who);
    const times: number[] = [];
    let body: { total?: number; totalExact?: boolean } = {};
    for (let i = 0; i < ROUNDS; i++) {
      const began = performance.now();
      const res = await fetch(base + path, { headers: { authorization } });
      body = (await res.json()) as typeof body;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      times.push(performance.now() - began);
    }
    const s = summarize(times);
    const total = `${body.total}${body.totalExact === false ? '+' : ''}`;
    console.log(`| ${label} | ${total} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} |`);
  }
  server.close();
  await views.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
