// CPU per appeal, per process of a started cluster and per local server (issue 9). Usage, with the servers' env
// exported (bash infra/local/all.sh env):
//   pnpm --filter @appeals/bench cpu [N=300] [C=16] [DRIVER.mjs]
// (the driver: this package's src/load/driver.ts polling every 10 ms, or a driver script taking BASE N C)
// (CPU_PROF_DIR=/tmp/prof in the environment: each cluster process writes a V8 CPU profile there at its stop)
// Starts the cluster from its builds in a namespace of its own, files 20 appeals to warm it, then reads
// utime+stime (/proc/<pid>/stat) of every cluster process, of PostgreSQL (the postmaster, its live backends and
// the ones that ended), Kafka and FerretDB before and after the driver files N appeals with C clients, and
// 10 s of idling after that. Prints a markdown table: CPU ms per appeal and idle CPU ms per second.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { join } from 'node:path';
import { BENCH_DIR, TSX } from './processes';
import { clusterServers, startClusterSystem } from './systems';

const TICK_MS = 1000 / 100; // USER_HZ

interface Stat {
  comm: string;
  ppid: number;
  own: number;
  /** the kernel's part of `own` */
  sys: number;
  /** CPU of ended children this process waited for */
  children: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17, ppid 4
    const n = (field: number) => Number(fields[field - 3]);
    return {
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: n(4),
      own: (n(14) + n(15)) * TICK_MS,
      sys: n(15) * TICK_MS,
      children: (n(16) + n(17)) * TICK_MS,
    };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The local servers' pids: the PostgreSQL postmaster, Kafka's JVM, the FerretDB on MONGODB_URL's port. */
function serverPids(mongoPort: string): Record<string, number | undefined> {
  const pids = allPids();
  const postmaster = pids.find((pid) => stat(pid)?.comm === 'postgres' && stat(pid)?.ppid === 1);
  const kafka = pids.find((pid) => stat(pid)?.comm === 'java' && cmdline(pid).includes('kafka'));
  const ferretdb = pids.find(
    (pid) => stat(pid)?.comm === 'ferretdb' && cmdline(pid).includes(`:${mongoPort} `),
  );
  return { postgresql: postmaster, kafka, ferretdb };
}

/**
 * CPU ms so far of a process (all, and the kernel's part); for the postmaster, with every backend (live and
 * ended; the ended ones' kernel part is not told apart).
 */
function cpuOf(pid: number, withChildren: boolean): { all: number; sys: number } {
  const own = stat(pid);
  if (!own) return { all: Number.NaN, sys: Number.NaN };
  if (!withChildren) return { all: own.own, sys: own.sys };
  const live = allPids()
    .map((p) => stat(p))
    .filter((s): s is Stat => s !== undefined && s.ppid === pid);
  const sum = (pick: (s: Stat) => number) => live.reduce((total, s) => total + pick(s), 0);
  return { all: own.own + own.children + sum((s) => s.own), sys: own.sys + sum((s) => s.sys) };
}

/** Committed transactions so far per database of the PostgreSQL server (the event store's, FerretDB's). */
async function transactions(postgresUrl: string): Promise<Map<string, number>> {
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string; xact_commit: string }>(
      'SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL',
    );
    return new Map(rows.map((r) => [r.datname, Number(r.xact_commit)]));
  } finally {
    await client.end();
  }
}

type Target = { label: string; pid: number; tree: boolean };
type Sample = Map<Target, { all: number; sys: number }>;

function sample(targets: Target[]): Sample {
  return new Map(targets.map((t) => [t, cpuOf(t.pid, t.tree)]));
}

/** CPU ms from `from` to `to` per label (the targets of one label add up; one gone by then counts nothing). */
function spent(from: Sample, to: Sample, label: string): { all: number; sys: number } {
  let all = 0;
  let sys = 0;
  for (const [target, end] of to) {
    const start = from.get(target);
    if (target.label !== label || !start || !Number.isFinite(end.all) || !Number.isFinite(start.all))
      continue;
    all += end.all - start.all;
    sys += end.sys - start.sys;
  }
  return { all, sys };
}

/** PostgreSQL's client backends by the database they serve (their process title: `postgres: user db host`). */
function backendsByDatabase(postmaster: number | undefined) {
  return allPids()
    .filter((pid) => postmaster !== undefined && stat(pid)?.ppid === postmaster)
    .map((pid) => ({ pid, title: /^postgres: \S+ (\S+) (?:\S*\d|\[local\])/.exec(cmdline(pid))?.[1] }))
    .filter((b): b is { pid: number; title: string } => b.title !== undefined)
    .map((b) => ({
      label: `  of it: backends of database ${b.title} (live through the run)`,
      pid: b.pid,
      tree: false,
    }));
}

async function main() {
  const [n = '300', c = '16', driver] = process.argv.slice(2);
  const driverArgs = driver ? [driver] : [...TSX, join(__dirname, 'driver.ts')];
  const servers = clusterServers();
  if (typeof servers === 'string') throw new Error(servers);
  const mongoPort = new URL(servers.MONGODB_URL).port;
  // CPU_PROF_DIR: every cluster process writes a V8 CPU profile there when it stops
  const profileDir = process.env.CPU_PROF_DIR;
  const system = await startClusterSystem(
    servers,
    {},
    profileDir ? ['--enable-source-maps', '--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
  );
  try {
    const run = async (count: string, clients: string) =>
      (
        await promisify(execFile)(process.execPath, [...driverArgs, system.base, count, clients], {
          cwd: BENCH_DIR,
        })
      ).stdout
        .trim()
        .split('\n')
        .at(-1);
    await run('20', '4');
    const targets = [
      ...(system.processes?.() ?? []).map((p) => ({ ...p, tree: false })),
      ...Object.entries(serverPids(mongoPort))
        .filter((entry): entry is [string, number] => entry[1] !== undefined)
        .map(([label, pid]) => ({ label, pid, tree: label === 'postgresql' })),
      ...backendsByDatabase(serverPids(mongoPort).postgresql),
    ];
    const xactsBefore = await transactions(servers.POSTGRES_URL);
    const before = sample(targets);
    const result = await run(n, c);
    const after = sample(targets);
    const xactsAfter = await transactions(servers.POSTGRES_URL);
    await new Promise((r) => setTimeout(r, 10_000));
    const idle = sample(targets);
    console.log(result);
    const xacts = [...xactsAfter]
      .map(([db, count]) => [db, (count - (xactsBefore.get(db) ?? 0)) / Number(n)] as const)
      .filter(([, perAppeal]) => perAppeal >= 0.05)
      .map(([db, perAppeal]) => `${db} ${perAppeal.toFixed(1)}`);
    console.log(`PostgreSQL transactions per appeal (every client of the server): ${xacts.join(', ')}`);
    const appeals = Number(n);
    const rows = [...new Set(targets.map((t) => t.label))].map((label) => {
      const run = spent(before, after, label);
      return {
        label,
        perAppeal: run.all / appeals,
        sysPerAppeal: run.sys / appeals,
        idlePerS: spent(after, idle, label).all / 10,
      };
    });
    rows.sort((a, b) => b.perAppeal - a.perAppeal);
    const counted = rows.filter((r) => !r.label.startsWith(' '));
    const total = counted.reduce((s, r) => s + r.perAppeal, 0);
    const idleTotal = counted.reduce((s, r) => s + r.idlePerS, 0);
    const sysTotal = counted.reduce((s, r) => s + r.sysPerAppeal, 0);
    console.log(
      `\n| process | CPU ms per appeal | of it kernel | idle CPU ms/s after |\n|---|---:|---:|---:|`,
    );
    for (const r of rows)
      console.log(
        `| ${r.label} | ${r.perAppeal.toFixed(1)} | ${r.sysPerAppeal.toFixed(1)} | ${r.idlePerS.toFixed(0)} |`,
      );
    console.log(
      `| **total** | **${total.toFixed(1)}** | **${sysTotal.toFixed(1)}** | **${idleTotal.toFixed(0)}** |`,
    );
  } finally {
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
