import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { readPublicKey, verifyLog, type ChainStore, type LogVerifyReport } from '@appeals/chain';
import { type EventStore } from '@appeals/eventstore';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { loadVerifyLogEnv } from './env';
import { EMBEDDED_DB, storeLocation, withStoreOptions, type StoreOptions } from './storeLocation';
import { openVerifyState, verifyProgress } from './verifyLogProgress';

/** File name of the embedded mode's public key, beside the event store (services/gateway/src/embedded.ts writes it). */
export const EMBEDDED_PUBLIC_KEY = 'chain-signing.pub';
export { EMBEDDED_DB };

/** Exit codes: 0 the log verifies, 1 tampering found (the first bad event is named), 2 the check could not run. */
export const EXIT = { ok: 0, tampered: 1, failed: 2 } as const;

const wholeNumber =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return n;
  };
const positiveInt = wholeNumber(1);

interface Options extends StoreOptions {
  publicKey?: string[];
  batchSize: number;
  workers?: number;
  json?: boolean;
  state?: string;
}

/** The command line `verify-log` takes. */
function verifyLogCommand(io: { out: (line: string) => void; err: (line: string) => void }): Command {
  return withStoreOptions(
    new Command('verify-log').description(
      'Verifies the whole event log: every stream chain, the global chain, the signed checkpoints; names the first bad event.',
    ),
  )
    .option(
      '--public-key <file...>',
      `Ed25519 public key(s) (PEM) checkpoints must be signed with; env CHAIN_PUBLIC_KEY, else <data-dir>/${EMBEDDED_PUBLIC_KEY}`,
    )
    .option('--batch-size <n>', 'events read per page', positiveInt, 5000)
    .option(
      '--workers <n>',
      'worker threads that check ranges of a large SQLite log beside the main thread (default: the cores but one; 0: one thread)',
      wholeNumber(0),
    )
    .option(
      '--state <file>',
      'keep where the check stands in this file after every page; run again with it to go on after an interruption (removed when done)',
    )
    .option('--json', 'print the report as JSON')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

/** Runs `verify-log` with `argv` (without node and the script); resolves with the exit code. */
export async function runVerifyLog(
  argv: string[],
  io: {
    out: (line: string) => void;
    err: (line: string) => void;
    env?: Record<string, string | undefined>;
  } = {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  const env = loadVerifyLogEnv(io.env);
  const base = env.INIT_CWD ?? process.cwd();
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const program = verifyLogCommand(io);

  let options: Options;
  try {
    options = program.parse(argv, { from: 'user' }).opts<Options>();
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? EXIT.ok : EXIT.failed;
  }

  let opened: { store: EventStore; chain: ChainStore; keys: KeyObject[]; where: string } | undefined;
  try {
    opened = await open(options, env, path);
    const { store, chain, keys, where } = opened;
    const state = openVerifyState(options.state ? path(options.state) : undefined, where);
    io.err(`verify-log: ${where}, ${keys.length} public key(s)`);
    if (state.resumeFrom)
      io.err(`verify-log: going on after ${state.resumeFrom.events} events checked before`);
    const progress = verifyProgress((await chain.head())?.seq ?? 0, state.resumeFrom?.events ?? 0, io.err);
    const report: LogVerifyReport = await verifyLog({
      store,
      chain,
      publicKeys: keys,
      batchSize: options.batchSize,
      resumeFrom: state.resumeFrom,
      ...(options.workers !== undefined ? { parallel: { workers: options.workers } } : {}),
      onProgress: (p) => {
        state.save(p);
        progress(p);
      },
    });
    state.remove();
    if (options.json) io.out(JSON.stringify(report, null, 2));
    else io.out(describe(report));
    return report.ok ? EXIT.ok : EXIT.tampered;
  } catch (error) {
    io.err(`verify-log: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  } finally {
    await opened?.store.close().catch(() => undefined);
  }
}

async function open(
  options: Options,
  env: ReturnType<typeof loadVerifyLogEnv>,
  path: (p: string) => string,
): Promise<{ store: EventStore; chain: ChainStore; keys: KeyObject[]; where: string }> {
  const location = storeLocation(options, env);
  const dataDir = location.kind === 'sqlite' ? location.dataDir : undefined;
  const keyTexts = (options.publicKey ?? []).map((file) => readFileSync(path(file), 'utf8'));
  if (keyTexts.length === 0 && env.CHAIN_PUBLIC_KEY) keyTexts.push(env.CHAIN_PUBLIC_KEY);
  if (keyTexts.length === 0 && dataDir !== undefined && existsSync(join(dataDir, EMBEDDED_PUBLIC_KEY)))
    keyTexts.push(readFileSync(join(dataDir, EMBEDDED_PUBLIC_KEY), 'utf8'));
  const keys = keyTexts.map(readPublicKey);

  if (location.kind === 'postgres') {
    const { url, schema } = location;
    // migrate: false, so verifying never writes (a migration could rewrite rows)
    const store = await createPostgresEventStore({ connectionString: url, schema, migrate: false });
    return { store, chain: store.chain, keys, where: `PostgreSQL schema ${schema}` };
  }
  const store = createSqliteEventStore({ filename: location.file, readonly: true });
  return { store, chain: store.chain, keys, where: location.file };
}

/** The report for a person: the verdict, the first bad event, the signed head to compare with a kept copy. */
export function describe(report: LogVerifyReport): string {
  const lines = [
    `${report.ok ? 'OK' : 'TAMPERED'}: ${report.events} events checked, ${report.sealed} sealed in the global chain, ` +
      `${report.unsealed} not yet sealed, ${report.checkpoints} signed checkpoint(s)`,
  ];
  if (report.signedHead)
    lines.push(
      `signed head: chain link ${report.signedHead.seq} ${report.signedHead.chainHash} (key ${report.signedHead.keyId}, ${report.signedHead.signedAt})`,
    );
  else lines.push('no signed checkpoint was checked: nothing but the hashes vouches for this log');
  if (report.firstBad) {
    const bad = report.firstBad;
    lines.push(
      `first bad event: global position ${bad.position}, event ${bad.eventId}${bad.streamId ? ` in ${bad.streamId}` : ''}: ${bad.reason}`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  process.once('SIGINT', () => {
    const state = process.argv.includes('--state');
    process.stderr.write(
      `verify-log: interrupted${state ? '; run the same command again to go on where it stopped' : ' (--state FILE lets a run go on after an interruption)'}\n`,
    );
    process.exit(130);
  });
  void runVerifyLog(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
