// CPU per appeal, per process of a started cluster and per local server (issue 9). Usage, with the servers' env
// exported (bash infra/local/all.sh env):
//   pnpm --filter @appeals/bench cpu [N=300] [C=16] [DRIVER=/path/to/e2e-load.mjs]
// (CPU_PROF_DIR=/tmp/prof in the environment: each cluster process writes a V8 CPU profile there at its stop)
// Starts the cluster from its builds in a namespace of its own, files 20 appeals to warm it, then reads
// utime+stime (/proc/<pid>/stat) of every cluster process, of PostgreSQL (the postmaster, its live backends and
// the ones that ended), Kafka and FerretDB before and after the driver files N appeals with C clients, and
// 10 s of idling after that. Prints a markdown table: CPU ms per appeal and idle CPU ms per second.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { clusterServers, startClusterSystem } from './systems';

const TICK_MS = 1000 / 100; // USER_HZ

interface Stat {
  comm: string;
  ppid: number;
  own: number;
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

/** CPU ms so far of a process; for the postmaster, with every backend (live and ended). */
function cpuOf(pid: number, withChildren: boolean): number {
  const own = stat(pid);
  if (!own) return Number.NaN;
  if (!withChildren) return own.own;
  const live = allPids()
    .map((p) => stat(p))
    .filter((s): s is Stat => s !== undefined && s.ppid === pid)
    .reduce((sum, s) => sum + s.own, 0);
  return own.own + own.children + live;
}

type Sample = Map<string, number>;

function sample(targets: Array<{ label: string; pid: number; tree: boolean }>): Sample {
  return new Map(targets.map((t) => [t.label, cpuOf(t.pid, t.tree)]));
}

async function main() {
  const [n = '300', c = '16', driver = '/work/shared/bench/e2e-load.mjs'] = process.argv.slice(2);
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
      (await promisify(execFile)(process.execPath, [driver, system.base, count, clients])).stdout.trim();
    await run('20', '4');
    const targets = [
      ...(system.processes?.() ?? []).map((p) => ({ ...p, tree: false })),
      ...Object.entries(serverPids(mongoPort))
        .filter((entry): entry is [string, number] => entry[1] !== undefined)
        .map(([label, pid]) => ({ label, pid, tree: label === 'postgresql' })),
    ];
    const before = sample(targets);
    const result = await run(n, c);
    const after = sample(targets);
    await new Promise((r) => setTimeout(r, 10_000));
    const idle = sample(targets);
    console.log(result);
    const appeals = Number(n);
    const rows = targets.map((t) => ({
      label: t.label,
      perAppeal: (after.get(t.label)! - before.get(t.label)!) / appeals,
      idlePerS: (idle.get(t.label)! - after.get(t.label)!) / 10,
    }));
    rows.sort((a, b) => b.perAppeal - a.perAppeal);
    const total = rows.reduce((s, r) => s + r.perAppeal, 0);
    const idleTotal = rows.reduce((s, r) => s + r.idlePerS, 0);
    console.log(`\n| process | CPU ms per appeal | idle CPU ms/s |\n|---|---:|---:|`);
    for (const r of rows) console.log(`| ${r.label} | ${r.perAppeal.toFixed(1)} | ${r.idlePerS.toFixed(1)} |`);
    console.log(`| **total** | **${total.toFixed(1)}** | **${idleTotal.toFixed(1)}** |`);
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
