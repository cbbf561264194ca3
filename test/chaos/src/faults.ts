import type { Cluster, ProcessName } from '@appeals/launcher';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** infra/local: the scripts that start and stop the local servers */
const INFRA = resolve(__dirname, '../../../infra/local');

/** A fault the run injects: SIGKILL one process and start it again, or restart a server the cluster uses. */
export type Fault =
  | { kind: 'process'; name: ProcessName; index: number; label: string }
  | { kind: 'server'; name: 'kafka' | 'postgres'; label: string };

export interface FaultRecord {
  label: string;
  /** ms since the run started: the fault began, and the process or server answered again */
  at: number;
  recoveredAt: number;
  /** how long it was down (ms) */
  downMs: number;
  /** what went wrong bringing it back (a process that did not start again, a server that did not come up) */
  error?: string;
}

/**
 * The faults of one run, in order: every process of the cluster SIGKILLed and restarted in turn (the gateway
 * last), then Kafka and PostgreSQL restarted once each (`servers: false` leaves them alone).
 */
export function planFaults(cluster: Pick<Cluster, 'processes'>, servers: boolean): Fault[] {
  const processes = cluster
    .processes()
    .map((p): Fault => ({ kind: 'process', name: p.name, index: p.index, label: `SIGKILL ${p.label}` }));
  const ordered = [
    ...processes.filter((f) => f.name !== 'gateway'),
    ...processes.filter((f) => f.name === 'gateway'),
  ];
  if (!servers) return ordered;
  return [
    ...ordered,
    { kind: 'server', name: 'kafka', label: 'restart Kafka' },
    { kind: 'server', name: 'postgres', label: 'restart PostgreSQL' },
  ];
}

/** Stops a local server (infra/local/<name>.sh down), waits a moment, and starts it again (up waits until ready). */
async function restartServer(name: 'kafka' | 'postgres'): Promise<void> {
  await run('bash', [`${INFRA}/${name}.sh`, 'down'], { timeout: 120_000 });
  await sleep(1_000);
  await run('bash', [`${INFRA}/${name}.sh`, 'up'], { timeout: 300_000 });
}

/** Injects one fault and resolves once what it broke answers again. */
export async function inject(cluster: Cluster, fault: Fault, startedAt: number): Promise<FaultRecord> {
  const at = Date.now();
  let error: string | undefined;
  try {
    if (fault.kind === 'process') {
      await cluster.kill(fault.name, fault.index, 'SIGKILL');
      await sleep(500); // down for a moment: requests and consumer sessions notice
      await cluster.restart(fault.name, fault.index);
    } else {
      await restartServer(fault.name);
    }
  } catch (e) {
    error = (e as Error).message; // recorded (a failed check) and the run goes on
  }
  const recoveredAt = Date.now();
  return {
    label: fault.label,
    at: at - startedAt,
    recoveredAt: recoveredAt - startedAt,
    downMs: recoveredAt - at,
    ...(error ? { error } : {}),
  };
}

/**
 * When the faults fall, in appeals sent: fault k (of K) starts once k+1 of every K+1 parts of the appeals are sent,
 * and the load goes on while it lasts for half a part at most, then waits until it has recovered. So every fault,
 * the last included, falls while appeals are being filed, and filing goes on after each one.
 */
export function faultSchedule(faults: number, total: number) {
  const part = total / (faults + 1);
  const startsAt = (k: number) => Math.floor((k + 1) * part);
  const lead = Math.max(1, Math.floor(part / 2));
  return {
    startsAt,
    /** how many faults must have recovered before appeal `n` is sent */
    waitsFor: (n: number) => {
      let k = 0;
      while (k < faults && startsAt(k) + lead <= n) k++;
      return k;
    },
  };
}

/**
 * Runs the faults one after the other on `faultSchedule`, and holds the load back as it says: `before(n)` resolves
 * when appeal `n` may be sent. `records` resolves with what happened once every fault has run.
 */
export function runFaults(
  cluster: Cluster,
  faults: readonly Fault[],
  progress: { total: number; startedAt: number },
  log: (line: string) => void,
): { before: (n: number) => Promise<void>; records: Promise<FaultRecord[]> } {
  const schedule = faultSchedule(faults.length, progress.total);
  let sent = 0;
  let recovered = 0;
  const waiting = new Set<() => void>();
  const changed = () => [...waiting].forEach((check) => check());
  /** resolves once `condition` holds, checked again on every change of `sent` or `recovered` */
  const until = (condition: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!condition()) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
  const before = async (n: number) => {
    await until(() => recovered >= schedule.waitsFor(n));
    sent++;
    changed();
  };
  const records = (async () => {
    const done: FaultRecord[] = [];
    for (const [k, fault] of faults.entries()) {
      await until(() => sent >= schedule.startsAt(k));
      log(`chaos: ${fault.label} (${sent} appeals sent)`);
      const record = await inject(cluster, fault, progress.startedAt);
      log(
        `chaos: ${fault.label}: ${record.error ? `FAILED: ${record.error}` : `back after ${record.downMs} ms`}`,
      );
      done.push(record);
      recovered++;
      changed();
    }
    return done;
  })();
  return { before, records };
}
