import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort as freePortOn } from '@appeals/launcher';
import type { DriverResult } from './driver';

/** The repository root. */
export const ROOT = resolve(__dirname, '../../../..');
const LOAD_DIR = __dirname;
/** test/bench: where `--import tsx` resolves for the driver and the baseline (tsx is this package's dependency) */
export const BENCH_DIR = resolve(__dirname, '../..');

/** A free TCP port on loopback, below the range outgoing connections take theirs from (the launcher's). */
export const freePort = (): Promise<number> => freePortOn('127.0.0.1');

export interface Started {
  child: ChildProcess;
  /** ms from spawn until `healthUrl` answered 200 */
  healthMs: number;
  /** the process's last output lines (for a failure message) */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node ...args` and waits until `healthUrl` answers 200 (or fails naming the process's last output). */
export async function startProcess(options: {
  name: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  healthUrl: string;
  timeoutMs: number;
}): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const tail = () => lines.join('\n');
  const stop = async (graceMs = 10_000) => {
    if (gone()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  stopOnExit.add(child);
  void exited.then(() => stopOnExit.delete(child));
  const deadline = t0 + options.timeoutMs;
  while (performance.now() < deadline) {
    if (gone()) throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}):\n${tail()}`);
    try {
      const res = await fetch(options.healthUrl, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return { child, healthMs: performance.now() - t0, tail, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await stop(1_000);
  throw new Error(
    `${options.name} did not answer ${options.healthUrl} within ${options.timeoutMs} ms:\n${tail()}`,
  );
}

/** Children still running when the bench exits (an error, Ctrl-C) are killed, never left behind. */
const stopOnExit = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of stopOnExit) child.kill('SIGKILL');
});

/** Node flags that run a TypeScript file with tsx, the way the workspace's `start` scripts do. */
export const TSX = ['--import', 'tsx'];

/** The environment every child starts from: PATH and locale, nothing of the bench's own configuration. */
export const baseEnv = (): Record<string, string | undefined> => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: process.env.LANG,
  NODE_ENV: 'production',
});

/**
 * Runs the load driver as its own process against `base` and returns its result; the driver stops itself at
 * `deadlineSeconds`, and is killed 30 s after that if it has not.
 */
export async function runDriver(
  base: string,
  options: { appeals: number; clients: number; pollMs: number; waitMs: number; deadlineSeconds: number },
): Promise<DriverResult> {
  const args = [
    ...TSX,
    join(LOAD_DIR, 'driver.ts'),
    base,
    String(options.appeals),
    String(options.clients),
    String(options.pollMs),
    '--wait',
    String(options.waitMs),
    '--deadline',
    String(options.deadlineSeconds),
  ];
  const child = spawn(process.execPath, args, {
    cwd: BENCH_DIR,
    env: baseEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stopOnExit.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), (options.deadlineSeconds + 30) * 1000);
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  clearTimeout(killer);
  stopOnExit.delete(child);
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`the driver failed (exit ${code}): ${err || out}`);
  return JSON.parse(line) as DriverResult;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // fields after the command name (which may hold spaces) start at the state, field 3; utime, stime are 14, 15
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
