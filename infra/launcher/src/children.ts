import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { humanLine } from './logLines';
import type { ProcessName } from './scale';

/** One running child. */
export interface ClusterProcess {
  name: ProcessName;
  index: number;
  /** `routing#2` */
  label: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** resolves with the exit code (or signal name) once the child has exited */
  exited: Promise<number | string>;
}

export interface ChildrenOptions {
  /** the repository root, the children's working directory */
  root: string;
  /** the built entry point of a process */
  mainOf: (name: ProcessName) => string;
  nodeArgs: string[];
  /** the whole environment of one child */
  envOf: (name: ProcessName, port: number) => Record<string, string>;
  /** `routing#2` when there are several copies, else `routing` */
  labelOf: (name: ProcessName, index: number) => string;
  urlOf: (port: number) => string;
  output: (line: string) => void;
}

/** The cluster's children: spawned with prefixed log lines, found by name and copy, killed, stopped in order. */
export function createChildren(options: ChildrenOptions) {
  const running = new Map<string, ClusterProcess>();

  const spawnProcess = (name: ProcessName, index: number, port: number): ClusterProcess => {
    const label = options.labelOf(name, index);
    const child = spawn(process.execPath, [...options.nodeArgs, options.mainOf(name)], {
      env: options.envOf(name, port),
      cwd: options.root,
      // the IPC channel closes when the launcher dies, however (even SIGKILL): the child then stops itself
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // its own process group: a Ctrl-C in the terminal reaches the launcher only, which stops them in order
      detached: true,
    });
    const prefix = `${label.padEnd(14)}| `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream }).on('line', (line) => options.output(prefix + humanLine(line)));
    }
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => {
        const outcome = code ?? signal ?? 'unknown';
        options.output(`${prefix}exited (${outcome})`);
        resolve(outcome);
      }),
    );
    const started: ClusterProcess = { name, index, label, url: options.urlOf(port), port, child, exited };
    running.set(`${name}#${index}`, started);
    return started;
  };

  const find = (name: ProcessName, index = 1): ClusterProcess => {
    const found = running.get(`${name}#${index}`);
    if (!found) throw new Error(`no process ${name}#${index}`);
    return found;
  };

  const kill = async (name: ProcessName, index = 1, signal: NodeJS.Signals = 'SIGKILL') => {
    const target = find(name, index);
    if (target.child.exitCode === null && target.child.signalCode === null) target.child.kill(signal);
    return target.exited;
  };

  /** SIGTERM to the gateway, then to everything else; SIGKILL whatever is still up after `graceMs` */
  const stopAll = async (graceMs = 20_000) => {
    const stopGroup = async (group: ClusterProcess[]) => {
      await Promise.all(
        group.map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return;
          p.child.kill('SIGTERM');
          const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
          await p.exited;
          clearTimeout(timer);
        }),
      );
    };
    const all = [...running.values()];
    await stopGroup(all.filter((p) => p.name === 'gateway'));
    await stopGroup(all.filter((p) => p.name !== 'gateway'));
  };

  return { spawn: spawnProcess, find, kill, stopAll, all: () => [...running.values()] };
}

/** Polls the child's `/ready` until it answers 200; rejects when it exits first or `timeoutMs` passes. */
export async function waitReady(process: ClusterProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | undefined;
  void process.exited.then((code) => (exited = code));
  let last = '';
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${process.label} exited (${exited}) before it was ready`);
    try {
      const res = await fetch(`${process.url}/ready`, { signal: AbortSignal.timeout(3_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${process.label} was not ready within ${timeoutMs} ms (last answer: ${last})`);
}
