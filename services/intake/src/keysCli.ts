import { isAbsolute, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createPostgresKeyStore } from '@appeals/keystore-postgres';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import { progressReporter } from '@appeals/observability/progress';
import {
  createPersonalDataVault,
  generateMasterKey,
  keyringConfig,
  masterKeysFrom,
  nextKeyId,
  readKeyringFile,
  writeKeyringFile,
  type KeyStore,
  type MasterKeys,
} from '@appeals/personal-data';
import { loadKeysEnv, type KeysEnv } from './env';

/** File names of the embedded mode's data folder (services/gateway/src/embedded.ts writes them). */
const EMBEDDED_KEYS = 'keys.db';
const EMBEDDED_KEYRING = 'pii-master.key';

/** Exit codes: 0 done, 2 the command could not run (the message says why). */
export const EXIT = { ok: 0, failed: 2 } as const;

interface Options {
  dataDir?: string;
  postgresUrl?: string;
  schema?: string;
  batchSize: number;
  json?: boolean;
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: Record<string, string | undefined>;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
};

/** Where the data keys are and which master keys wrap them, opened. */
interface Opened {
  keys: KeyStore;
  masterKeys: MasterKeys;
  where: string;
  /** the embedded keyring's file (the command keeps it up to date); undefined on PostgreSQL */
  keyring?: string;
}

/** The command line `keys` takes. */
function keysCommand(io: Io, run: (action: 'rotate' | 'status', options: Options) => void): Command {
  const program = new Command('keys')
    .description(
      "The personal-data master keys (ADR 0006): re-wrap every applicant's data key under a new one.",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const where = (command: Command) =>
    command
      .addOption(
        new Option('--data-dir <dir>', `embedded data folder (${EMBEDDED_KEYS} inside); env DATA_DIR`),
      )
      .addOption(
        new Option('--postgres-url <url>', 'PostgreSQL of the cluster; env POSTGRES_URL').conflicts(
          'dataDir',
        ),
      )
      .option('--schema <name>', 'PostgreSQL schema of the key table; env POSTGRES_SCHEMA (default public)')
      .option('--json', 'print the result as JSON');
  where(
    program.command('status').description('how many data keys each master key still has to re-wrap'),
  ).action((options: Options) => run('status', options));
  where(
    program
      .command('rotate')
      .description(
        'embedded: adds a new master key to the keyring and re-wraps every data key under it, then drops the old key ' +
          '(run with the system stopped); cluster: re-wraps under PII_MASTER_KEY (the new key, PII_MASTER_KEY_ID) ' +
          'what PII_PREVIOUS_MASTER_KEYS wrapped. Interrupted, it goes on where it stopped when run again.',
      )
      .option('--batch-size <n>', 'data keys re-wrapped at a time', positiveInt, 500),
  ).action((options: Options) => run('rotate', options));
  return program;
}

/**
 * Opens the key store. Embedded (`--data-dir`): the keyring file, with a new key put first unless a rotation is
 * already under way (keys wrapped by an older one remain), so a second run finishes the first rather than starting
 * another. Cluster (`--postgres-url`): the keyring from the environment, as the processes read it.
 */
async function open(options: Options, env: KeysEnv, rotating: boolean): Promise<Opened> {
  const base = env.INIT_CWD ?? process.cwd();
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const postgresUrl = options.postgresUrl ?? (options.dataDir === undefined ? env.POSTGRES_URL : undefined);
  if (postgresUrl) {
    if (!env.PII_MASTER_KEY)
      throw new Error('PII_MASTER_KEY is not set: the cluster keyring comes from the environment');
    const schema = options.schema ?? env.POSTGRES_SCHEMA ?? 'public';
    const keys = await createPostgresKeyStore({ connectionString: postgresUrl, schema });
    const masterKeys = masterKeysFrom({
      key: env.PII_MASTER_KEY,
      id: env.PII_MASTER_KEY_ID,
      previous: env.PII_PREVIOUS_MASTER_KEYS,
    });
    return { keys, masterKeys, where: `PostgreSQL schema ${schema}` };
  }
  const dir = path(options.dataDir ?? env.DATA_DIR ?? './data');
  const file = join(dir, EMBEDDED_KEYS);
  const keyring = join(dir, EMBEDDED_KEYRING);
  const entries = readKeyringFile(keyring);
  if (!existsSync(file) || !entries)
    throw new Error(`${dir} holds no embedded data (${EMBEDDED_KEYS} and ${EMBEDDED_KEYRING})`);
  const keys = createSqliteKeyStore({ filename: file });
  if (rotating && (await keys.countWrappedByOtherThan(entries[0]!.id)) === 0) {
    entries.unshift({ id: nextKeyId(entries), key: generateMasterKey() });
    writeKeyringFile(keyring, entries);
  }
  return { keys, masterKeys: masterKeysFrom(keyringConfig(entries)), where: file, keyring };
}

/** Drops from the embedded keyring every key that wraps no data key any more (all but the current one). */
function dropUnused(keyring: string): string[] {
  const [current, ...older] = readKeyringFile(keyring)!;
  writeKeyringFile(keyring, [current!]);
  return older.map((e) => e.id);
}

/** Runs `keys` with `argv` (without node and the script); resolves with the exit code. */
export async function runKeys(argv: string[], io: Io = defaultIo): Promise<number> {
  const env = loadKeysEnv(io.env);
  let chosen: { action: 'rotate' | 'status'; options: Options } | undefined;
  try {
    keysCommand(io, (action, options) => (chosen = { action, options })).parse(argv, { from: 'user' });
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? EXIT.ok : EXIT.failed;
  }
  if (!chosen) return EXIT.failed;
  let opened: Opened | undefined;
  try {
    opened = await open(chosen.options, env, chosen.action === 'rotate');
    const vault = createPersonalDataVault({ keys: opened.keys, masterKeys: opened.masterKeys });
    const current = opened.masterKeys.current.id;
    const left = await vault.rotationLeft();
    if (chosen.action === 'status') {
      report(io, chosen.options, { where: opened.where, currentKey: current, leftToRewrap: left });
      return EXIT.ok;
    }
    io.err(`keys: ${opened.where}: ${left} data key(s) to re-wrap under master key ${current}`);
    const progress = progressReporter({
      label: 'keys rotate',
      unit: 'data keys re-wrapped',
      rateUnit: 'keys',
      total: left,
      write: io.err,
    });
    const rewrapped = await vault.rotate({
      batchSize: chosen.options.batchSize,
      onProgress: (n) => progress(n),
    });
    progress(rewrapped, undefined, true);
    const dropped = opened.keyring && (await vault.rotationLeft()) === 0 ? dropUnused(opened.keyring) : [];
    report(io, chosen.options, { where: opened.where, currentKey: current, rewrapped, droppedKeys: dropped });
    return EXIT.ok;
  } catch (error) {
    io.err(`keys: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  } finally {
    await opened?.keys.close().catch(() => undefined);
  }
}

function report(io: Io, options: Options, result: Record<string, unknown>): void {
  if (options.json) io.out(JSON.stringify(result));
  else
    io.out(
      Object.entries(result)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') || '-' : String(v)}`)
        .join('\n'),
    );
}

const defaultIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

if (require.main === module) {
  process.once('SIGINT', () => {
    process.stderr.write('keys: interrupted; run the same command again to go on where it stopped\n');
    process.exit(130);
  });
  void runKeys(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
