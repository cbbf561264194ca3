import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from './env';
import type { Outcome } from './outcome';
import { createProgress, type Progress, type ProgressSpec, type TerminalStream } from './progress';
import { pathFrom } from './where';

/**
 * What Ctrl-C does while a command runs: `stopping` when the command winds down by itself (a rebuild keeps where it
 * stopped and ends `interrupted`), `exit` to end the process at once (exit 130).
 */
export type InterruptHandler = () => 'stopping' | 'exit';

/** Where a run of the CLI reads and writes: stdout and stderr by lines, the environment, the terminal if any. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** stderr when it is a terminal: progress bars are drawn on it (plain lines otherwise) */
  terminal?: TerminalStream | undefined;
  /** takes the handler Ctrl-C calls while a command runs (the process's SIGINT; none in tests) */
  onInterrupt?: ((handler: InterruptHandler | undefined) => void) | undefined;
}

/** What a command's work gets: the validated environment, output, progress, paths, Ctrl-C. */
export interface Context {
  readonly env: CliEnv;
  readonly io: Io;
  /** a notice on stderr, prefixed with the command's name (`verify: …`) */
  note(line: string): void;
  /** a bar on a terminal, plain lines otherwise (stderr either way) */
  progress(spec: Omit<ProgressSpec, 'label'> & { label?: string }): Progress;
  /** a path as given: absolute, or relative to where pnpm was started */
  path(p: string): string;
  /** what Ctrl-C does while this command runs (by default it ends the process at once, exit 130) */
  onInterrupt(handler: InterruptHandler): void;
}

/** A command's work, run once its command line parsed. */
export type Work = (ctx: Context) => Promise<Outcome>;

/** How an action hands its work over: the command's name (for messages), whether --json was asked, the work. */
export type Plan = (name: string, json: boolean | undefined, work: Work) => void;

/** Adds a command (and its subcommands) to the program. */
export type Register = (program: Command, plan: Plan) => void;

export function createContext(name: string, io: Io, env: CliEnv): Context {
  return {
    env,
    io,
    note: (line) => io.err(`${name}: ${line}`),
    progress: (spec) => createProgress({ label: name, ...spec }, { terminal: io.terminal, line: io.err }),
    path: pathFrom(env),
    onInterrupt: (handler) => io.onInterrupt?.(handler),
  };
}

/** An option parser: a whole number of at least `min` (commander names the option in its error). */
export const wholeNumber =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return n;
  };

/** Adds `--json`. */
export const withJson = (command: Command): Command =>
  command.option('--json', 'print the result as JSON on stdout');
