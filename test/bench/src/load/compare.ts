import { parseScale } from '@appeals/launcher';
import type { DriverResult } from './driver';
import { runDriver } from './processes';
import {
  clusterServers,
  startBaseline,
  startClusterSystem,
  startEmbedded,
  type SystemUnderTest,
} from './systems';

/** Sizes of the side-by-side run, from the environment (defaults keep a full run to a few minutes). */
export function compareSettings(env: Record<string, string | undefined> = process.env) {
  const num = (key: string, fallback: number) => {
    const value = Number(env[key] ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number ≥ 0`);
    return value;
  };
  const clients = (env.BENCH_CLIENTS ?? '1,16,64').split(',').map(Number);
  if (clients.some((c) => !Number.isInteger(c) || c < 1)) throw new Error('BENCH_CLIENTS: e.g. 1,16,64');
  return {
    clients,
    /** appeals per run against the baseline and the embedded system */
    appeals: num('BENCH_LOAD_APPEALS', 300),
    /** appeals per run against the cluster (at least one per client) */
    clusterAppeals: num('BENCH_CLUSTER_LOAD_APPEALS', 30),
    pollMs: num('BENCH_POLL_MS', 10),
    /** > 0: read with the server's wait condition (`?waitFor=routed&waitMs=`) instead of plain polling */
    waitMs: num('BENCH_WAIT_MS', 0),
    /** each driver run stops issuing requests after this long; what is not routed by then counts as errors */
    runTimeoutSeconds: num('BENCH_RUN_TIMEOUT_S', 180),
    cluster: env.BENCH_CLUSTER !== '0',
    clusterScale: parseScale((env.BENCH_CLUSTER_REPLICAS ?? '').split(',')),
    /** the scaled cluster scenario: this many appeals (0: skipped), with these replicas and clients */
    scaledAppeals: num('BENCH_SCALED_APPEALS', 0),
    scaledScale: parseScale((env.BENCH_SCALED_REPLICAS ?? 'routing=2').split(',')),
    scaledClients: num('BENCH_SCALED_CLIENTS', 16),
    scaledTimeoutSeconds: num('BENCH_SCALED_TIMEOUT_S', 3_600),
  };
}
export type CompareSettings = ReturnType<typeof compareSettings>;

export type SystemName = 'CRUD baseline' | 'embedded' | 'cluster';
export interface CompareRow {
  system: SystemName;
  clients: number;
  result?: DriverResult;
  /** why there is no result */
  missing?: string;
}

async function measure(
  system: SystemName,
  start: () => Promise<SystemUnderTest>,
  runs: Array<{ clients: number; appeals: number }>,
  settings: CompareSettings,
  log: (line: string) => void,
): Promise<CompareRow[]> {
  let sut: SystemUnderTest;
  try {
    sut = await start();
  } catch (error) {
    const why = `did not start: ${(error as Error).message.split('\n')[0]}`;
    return runs.map(({ clients }) => ({ system, clients, missing: why }));
  }
  log(`${system}: up in ${(sut.healthMs / 1000).toFixed(1)} s at ${sut.base}`);
  const rows: CompareRow[] = [];
  try {
    for (const { clients, appeals } of runs) {
      const result = await runDriver(sut.base, {
        appeals,
        clients,
        pollMs: settings.pollMs,
        waitMs: settings.waitMs,
        deadlineSeconds: settings.runTimeoutSeconds,
      }).catch((error: unknown) => (error as Error).message);
      if (typeof result === 'string') rows.push({ system, clients, missing: result });
      else rows.push({ system, clients, result });
      log(`${system}, ${clients} clients: ${summaryOf(rows.at(-1)!)}`);
    }
  } finally {
    await sut.stop();
  }
  return rows;
}

export const summaryOf = ({ result, missing }: CompareRow) =>
  result
    ? `${result.appealsPerS} appeals/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors` +
      (result.timedOut ? ` (stopped at the ${result.seconds} s deadline)` : '')
    : `– (${missing})`;

/**
 * One run of the side-by-side comparison: the CRUD baseline, the embedded system (fresh data folder) and, when its
 * servers are there, the cluster, each started as its own process(es) and driven by the driver process at every
 * client count in turn; one system runs at a time, so they never share the cores with each other.
 */
export async function compareSystems(
  dir: string,
  settings: CompareSettings,
  log: (line: string) => void = console.log,
): Promise<CompareRow[]> {
  const runs = (appeals: number) =>
    settings.clients.map((clients) => ({ clients, appeals: Math.max(appeals, clients) }));
  const rows = [
    ...(await measure('CRUD baseline', () => startBaseline(dir), runs(settings.appeals), settings, log)),
    ...(await measure(
      'embedded',
      () => startEmbedded(`${dir}/embedded-data`),
      runs(settings.appeals),
      settings,
      log,
    )),
  ];
  const servers = settings.cluster ? clusterServers() : 'BENCH_CLUSTER=0';
  if (typeof servers === 'string') {
    log(`cluster skipped: ${servers}`);
    rows.push(
      ...settings.clients.map((clients) => ({ system: 'cluster' as const, clients, missing: servers })),
    );
  } else {
    const start = () => startClusterSystem(servers, settings.clusterScale);
    rows.push(...(await measure('cluster', start, runs(settings.clusterAppeals), settings, log)));
  }
  return rows;
}

/** The scaled cluster scenario (e.g. 10,000 appeals, routing ×2); undefined when switched off or impossible. */
export async function scaledCluster(
  settings: CompareSettings,
  log: (line: string) => void = console.log,
): Promise<{ row: CompareRow; replicas: string } | undefined> {
  if (settings.scaledAppeals === 0) return undefined;
  const replicas = Object.entries(settings.scaledScale)
    .map(([name, n]) => `${name} ×${n}`)
    .join(', ');
  const servers = clusterServers();
  const clients = settings.scaledClients;
  if (typeof servers === 'string') return { row: { system: 'cluster', clients, missing: servers }, replicas };
  const [row] = await measure(
    'cluster',
    () => startClusterSystem(servers, settings.scaledScale),
    [{ clients, appeals: settings.scaledAppeals }],
    { ...settings, runTimeoutSeconds: settings.scaledTimeoutSeconds },
    log,
  );
  return { row: row!, replicas };
}
