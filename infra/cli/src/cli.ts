import { Command, CommanderError } from 'commander';
import { ConfigError } from '@appeals/service-host';
import { registerCalendar } from './commands/calendar';
import { registerHistory } from './commands/history';
import { registerKeys } from './commands/keys';
import { registerQuarantine } from './commands/quarantine';
import { registerRebuild } from './commands/rebuild';
import { registerReference } from './commands/reference';
import { registerVerify } from './commands/verify';
import { createContext, type Io, type Work } from './context';
import { loadCliEnv } from './env';
import { EXIT, UsageError, type Outcome } from './outcome';

/** Every command, in the order `appeals --help` lists them. */
const COMMANDS = [
  registerRebuild,
  registerVerify,
  registerHistory,
  registerCalendar,
  registerReference,
  registerQuarantine,
  registerKeys,
];

export const EXIT_CODES_HELP = `
Exit codes (every command):
  0    done; the check passed
  1    the command ran and the answer is no: tampering found, a rebuild failed, a file refused,
       no such appeal or quarantined message, a message still undecodable
  2    it could not run as asked: bad usage, bad configuration, missing data, a server out of reach
  130  stopped by Ctrl-C

Where the data is: --data-dir (env DATA_DIR, default ./data) for the embedded system, or --postgres-url
(env POSTGRES_URL, POSTGRES_SCHEMA) and --mongodb-url (env MONGODB_URL) for the cluster. Progress goes to
stderr: a bar on a terminal, plain lines otherwise; --json prints the result as JSON on stdout.
Documentation: docs/operations.md`;

/** The `appeals` program; each action hands its work to `plan` instead of running it (run after the parse). */
export function buildProgram(
  io: Pick<Io, 'out' | 'err'>,
  plan: (name: string, json: boolean | undefined, work: Work) => void,
) {
  const program = new Command('appeals')
    .description(
      "Operator's command line of the appeals platform, on the embedded data folder or the cluster's servers.",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  for (const register of COMMANDS) register(program, plan);
  return program;
}

/** The message of an error, never its stack (a person reads it; --json readers get it as `error`). */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Prints an outcome: its JSON document with --json, its lines otherwise. */
function print(io: Io, outcome: Outcome, json: boolean | undefined): void {
  if (json) io.out(JSON.stringify(outcome.json, null, 2));
  else outcome.text.forEach((line) => io.out(line));
}

/**
 * Runs `appeals` with `argv` (without node and the script) and resolves with the exit code: the command line is
 * parsed first (usage errors: exit 2, commander's message naming the option), then the configuration is validated
 * (exit 2 naming the variable), then the command runs.
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let planned: { name: string; json: boolean | undefined; work: Work } | undefined;
  const program = buildProgram(io, (name, json, work) => (planned = { name, json, work }));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander said why
    if (error instanceof UsageError) {
      io.err(`appeals: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
  if (!planned) {
    io.err(program.helpInformation().trimEnd());
    return EXIT.usage;
  }
  const { name, json, work } = planned;
  try {
    const ctx = createContext(name, io, loadCliEnv(io.env));
    const outcome = await work(ctx);
    print(io, outcome, json);
    return outcome.code;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof ConfigError;
    io.err(`${name}: ${known ? '' : 'could not run: '}${messageOf(error)}`);
    if (json) io.out(JSON.stringify({ error: messageOf(error) }, null, 2));
    return EXIT.usage;
  } finally {
    io.onInterrupt?.(undefined);
  }
}
