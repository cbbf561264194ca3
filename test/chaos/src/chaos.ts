import { runCli } from '@appeals/cli';
import { readUsersFile, type KafkaSasl } from '@appeals/bus-kafka';
import type { LogVerifyReport } from '@appeals/chain';
import { generateSigningKey } from '@appeals/chain';
import { launchCluster, type Cluster } from '@appeals/launcher';
import { dropNamespace, isolatedNamespace, type Namespace } from '@appeals/service-host/namespace';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  chainDiagnosis,
  checkLog,
  deadLetterMarks,
  deadLetters,
  followViews,
  type LogFigures,
} from './checks';
import { planFaults, runFaults, type FaultRecord } from './faults';
import { fileAppeals, type LoadResult } from './load';

export interface ChaosServers {
  postgresUrl: string;
  kafkaBrokers: string;
  mongodbUrl: string;
  kafkaSasl?: KafkaSasl | undefined;
  kafkaUsersFile?: string | undefined;
  /** PATH of the cluster's processes */
  path?: string | undefined;
}

export interface ChaosOptions {
  appeals: number;
  concurrency: number;
  /** restart Kafka and PostgreSQL too (the local servers of infra/local) */
  servers: boolean;
  /** how long the views may take to converge after the last fault and the last acknowledgement (ms) */
  convergeWithinMs: number;
  log: (line: string) => void;
  /** where every process's output goes */
  processLog: string;
  /** leave the run's namespace (schema, topics, database) on the servers, to look into */
  keep?: boolean;
  /** inject no faults (a baseline run) */
  calm?: boolean;
}

export interface ChaosResult {
  appeals: number;
  concurrency: number;
  durationMs: number;
  load: Omit<LoadResult, 'acknowledged'> & { acknowledged: number };
  faults: FaultRecord[];
  log: LogFigures;
  /** ms from the later of the last fault's recovery and the last acknowledgement until every view read routed */
  convergenceMs: number | undefined;
  notConverged: string[];
  viewReads: number;
  chain: LogVerifyReport | { ok: false; error: string };
  deadLetters: Record<string, number>;
  /** processes that exited on their own (none should) */
  crashed: string[];
  failures: string[];
}

const ROOT = resolve(__dirname, '../../..');

/**
 * One step after the load, bounded: a step that hangs (a client waiting on a server that never answers) fails the run
 * with the step's name instead of holding CI until its own limit. Logs the step as it starts.
 */
async function bounded<T>(log: (line: string) => void, label: string, ms: number, work: () => Promise<T>) {
  log(`chaos: ${label}`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not done after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The cluster of `pnpm start:cluster` in a namespace of its own, its audit process signing with `signingKey`. */
async function launch(ns: Namespace, servers: ChaosServers, signingKey: string, output: (l: string) => void) {
  return launchCluster({
    root: ROOT,
    servers: { POSTGRES_URL: ns.postgresUrl, KAFKA_BROKERS: ns.kafkaBrokers, MONGODB_URL: ns.mongodbUrl },
    gatewayPort: 0,
    basePort: 0,
    inherited: { PATH: servers.path },
    chainSigningKey: signingKey,
    env: {
      POSTGRES_SCHEMA: ns.schema,
      KAFKA_NAMESPACE: ns.kafkaNamespace,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_WINDOW: '0', // one client address files everything
      KAFKA_SESSION_TIMEOUT_MS: '6000', // a killed consumer's partitions move on after 6 s
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      CHAIN_CHECKPOINT_EVERY_EVENTS: '100',
      CHAIN_CHECKPOINT_INTERVAL_SECONDS: '2',
    },
    ...(ns.kafkaSasl
      ? {
          kafka: {
            admin: ns.kafkaSasl,
            users: servers.kafkaUsersFile ? readUsersFile(servers.kafkaUsersFile) : undefined,
          },
        }
      : {}),
    output,
    readyTimeoutMs: 120_000,
  });
}

/** Verifies the run's log with the auditors' command (every stream chain, the global chain, signed checkpoints). */
async function verifyChain(ns: Namespace, publicKeyPem: string): Promise<ChaosResult['chain']> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-key-'));
  try {
    const keyFile = join(dir, 'chain.pub');
    writeFileSync(keyFile, publicKeyPem);
    let out = '';
    const errors: string[] = [];
    const code = await runCli(
      ['verify', '--postgres-url', ns.postgresUrl, '--schema', ns.schema, '--public-key', keyFile, '--json'],
      { out: (line) => (out += line), err: (line) => errors.push(line), env: {} },
    );
    if (code === 2) return { ok: false, error: `appeals verify exited ${code}: ${errors.join('; ')}` };
    return JSON.parse(out) as LogVerifyReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the run must show; each broken promise is one line. */
export function failuresOf(r: Omit<ChaosResult, 'failures'>, convergeWithinMs: number): string[] {
  const failures: string[] = [];
  if (r.load.failed.length > 0) failures.push(`${r.load.failed.length} appeal(s) never acknowledged`);
  if (r.log.lost.length > 0)
    failures.push(`${r.log.lost.length} acknowledged appeal(s) missing from the log`);
  if (r.log.duplicated.length > 0) failures.push(`${r.log.duplicated.length} appeal(s) submitted twice`);
  if (r.log.unacknowledged > 0)
    failures.push(`${r.log.unacknowledged} appeal(s) filed that no client was told of`);
  if (r.log.routedNotOnce.length > 0)
    failures.push(`${r.log.routedNotOnce.length} appeal(s) not routed exactly once`);
  if (r.convergenceMs === undefined) failures.push(`${r.notConverged.length} view(s) never read routed`);
  else if (r.convergenceMs > convergeWithinMs)
    failures.push(`views converged ${r.convergenceMs} ms after the last fault (limit ${convergeWithinMs})`);
  if (!r.chain.ok) failures.push(`the hash chain does not verify: ${JSON.stringify(r.chain)}`);
  const parked = Object.entries(r.deadLetters).filter(([, n]) => n > 0);
  if (parked.length > 0) failures.push(`messages parked: ${parked.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (r.crashed.length > 0) failures.push(`processes exited by themselves: ${r.crashed.join(', ')}`);
  for (const f of r.faults.filter((fault) => fault.error))
    failures.push(`${f.label}: did not come back (${f.error})`);
  return failures;
}

/**
 * Files `appeals` appeals into a fresh cluster while every process is SIGKILLed and restarted in turn and Kafka and
 * PostgreSQL restart once each; then checks the log (each acknowledged appeal submitted and routed exactly once),
 * the views (converged), the chain (verifies) and the dead letters (none).
 */
export async function runChaos(servers: ChaosServers, options: ChaosOptions): Promise<ChaosResult> {
  const ns = isolatedNamespace('chaos', servers);
  const runId = randomBytes(3).toString('hex');
  const keys = generateSigningKey();
  const processLog = createWriteStream(options.processLog);
  const startedAt = Date.now();
  let cluster: Cluster | undefined;
  try {
    cluster = await launch(ns, servers, keys.privateKeyPem, (line) => processLog.write(`${line}\n`));
    const launched = cluster;
    options.log(
      `chaos: cluster up in ${Date.now() - startedAt} ms (namespace ${ns.schema}); filing ${options.appeals} appeals`,
    );
    const api = `${cluster.url}/api/v1`;
    const marks = await deadLetterMarks(ns);
    const follower = followViews(api);
    const faults = options.calm ? [] : planFaults(cluster, options.servers);
    const faultsRun = runFaults(cluster, faults, { total: options.appeals, startedAt }, options.log);
    const load = await fileAppeals({
      api,
      count: options.appeals,
      concurrency: options.concurrency,
      runId,
      before: faultsRun.before,
      onAck: (ack, n) => {
        follower.add(ack);
        if (n % Math.max(1, Math.floor(options.appeals / 10)) === 0) options.log(`chaos: ${n} acknowledged`);
      },
    });
    const faultRecords = await faultsRun.records;
    const quietFrom = Math.max(
      ...faultRecords.map((f) => startedAt + f.recoveredAt),
      ...load.acknowledged.map((a) => a.at),
    );
    const step = <T>(label: string, ms: number, work: () => Promise<T>) =>
      bounded(options.log, label, ms, work);
    const settleMs = Math.max(60_000, options.convergeWithinMs * 6);
    const views = await step('load and faults done; waiting for the views', settleMs + 30_000, () =>
      follower.settle(settleMs),
    );
    const crashed = launched
      .processes()
      .filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
      .map((p) => p.label);
    const log = await step('counting the log', 60_000, () => checkLog(ns, load.acknowledged));
    const chain = await step('verifying the chain', 120_000, () =>
      verifyChain(ns, keys.publicKeyPem).catch((e: Error) => ({ ok: false as const, error: e.message })),
    );
    const parked = await step('reading the dead letters', 90_000, () => deadLetters(ns, marks));
    const partial = {
      appeals: options.appeals,
      concurrency: options.concurrency,
      durationMs: 0,
      load: { ...load, acknowledged: load.acknowledged.length },
      faults: faultRecords,
      log,
      convergenceMs: views.convergedAt === undefined ? undefined : Math.max(0, views.convergedAt - quietFrom),
      notConverged: views.notConverged,
      viewReads: views.reads,
      chain,
      deadLetters: parked,
      crashed,
    };
    partial.durationMs = Date.now() - startedAt;
    if (!partial.chain.ok)
      options.log(`chaos: the chain does not verify; its start:\n${await chainDiagnosis(ns)}`);
    return { ...partial, failures: failuresOf(partial, options.convergeWithinMs) };
  } finally {
    const quietly = (label: string, work: () => Promise<unknown>) =>
      bounded(options.log, label, 60_000, work).catch((e: Error) => options.log(`chaos: ${e.message}`));
    await quietly('stopping the cluster', async () => cluster?.stop(10_000));
    if (options.keep)
      options.log(`chaos: kept namespace ${ns.schema} / ${ns.kafkaNamespace} / ${ns.mongodbUrl}`);
    else await quietly('dropping the namespace', () => dropNamespace(ns));
    processLog.end();
  }
}
