import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
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
import { withJson, wholeNumber, type Context, type Register } from '../context';
import { describeRecord, ok, UsageError, type Outcome } from '../outcome';
import { clusterMasterKeys, openKeyStore } from '../stores';
import { EMBEDDED, pathFrom, type Location } from '../where';

// `appeals keys status | rotate`: the personal-data master keys (ADR 0006), re-wrapping every applicant's data key
// under a new one. Embedded: the keyring file in the data folder; cluster: the PII_* variables the processes read.

interface KeysOptions {
  dataDir?: string;
  postgresUrl?: string;
  schema?: string;
  batchSize: number;
  json?: boolean;
}

/** Where the data keys are and which master keys wrap them, opened. */
interface Opened {
  keys: KeyStore;
  masterKeys: MasterKeys;
  where: string;
  /** the embedded keyring's file (the command keeps it up to date); undefined on PostgreSQL */
  keyring?: string;
}

/** The key store's location: PostgreSQL (option, else POSTGRES_URL unless --data-dir), else the data folder. */
function keysLocation(ctx: Context, options: KeysOptions): Location {
  const postgresUrl =
    options.postgresUrl ?? (options.dataDir === undefined ? ctx.env.POSTGRES_URL : undefined);
  if (postgresUrl)
    return {
      kind: 'postgres',
      url: postgresUrl,
      schema: options.schema ?? ctx.env.POSTGRES_SCHEMA ?? 'public',
      mongodbUrl: undefined,
    };
  const dataDir = pathFrom(ctx.env)(options.dataDir ?? ctx.env.DATA_DIR ?? './data');
  return { kind: 'sqlite', file: join(dataDir, EMBEDDED.events), dataDir };
}

/**
 * Opens the key store. Embedded: the keyring file, with a new key put first unless a rotation is already under way
 * (keys wrapped by an older one remain), so a second run finishes the first rather than starting another. Cluster:
 * the keyring from the environment, as the processes read it.
 */
async function open(ctx: Context, options: KeysOptions, rotating: boolean): Promise<Opened> {
  const location = keysLocation(ctx, options);
  if (location.kind === 'postgres') {
    const masterKeys = clusterMasterKeys(ctx.env);
    return { keys: await openKeyStore(location), masterKeys, where: `PostgreSQL schema ${location.schema}` };
  }
  const dir = location.dataDir!;
  const file = join(dir, EMBEDDED.keys);
  const keyring = join(dir, EMBEDDED.keyring);
  const entries = readKeyringFile(keyring);
  if (!existsSync(file) || !entries)
    throw new UsageError(`${dir} holds no embedded data (${EMBEDDED.keys} and ${EMBEDDED.keyring})`);
  const keys = await openKeyStore(location);
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

const result = (record: Record<string, unknown>): Outcome => ok(record, describeRecord(record));

async function keys(ctx: Context, action: 'status' | 'rotate', options: KeysOptions): Promise<Outcome> {
  const opened = await open(ctx, options, action === 'rotate');
  try {
    const vault = createPersonalDataVault({ keys: opened.keys, masterKeys: opened.masterKeys });
    const current = opened.masterKeys.current.id;
    const left = await vault.rotationLeft();
    if (action === 'status') return result({ where: opened.where, currentKey: current, leftToRewrap: left });
    ctx.note(`${opened.where}: ${left} data key(s) to re-wrap under master key ${current}`);
    ctx.onInterrupt(() => {
      ctx.note('interrupted; run the same command again to go on where it stopped');
      return 'exit';
    });
    const progress = ctx.progress({ unit: 'data keys re-wrapped', rateUnit: 'keys', total: left });
    const rewrapped = await vault.rotate({
      batchSize: options.batchSize,
      onProgress: (n) => progress.update(n),
    });
    progress.update(rewrapped);
    progress.stop();
    const dropped = opened.keyring && (await vault.rotationLeft()) === 0 ? dropUnused(opened.keyring) : [];
    return result({ where: opened.where, currentKey: current, rewrapped, droppedKeys: dropped });
  } finally {
    await opened.keys.close().catch(() => undefined);
  }
}

/** The options naming where the keys are (the key table lives in the event store's schema on PostgreSQL). */
const where = (command: Command) =>
  withJson(
    command
      .option(
        '--data-dir <dir>',
        `embedded data folder (${EMBEDDED.keys} and ${EMBEDDED.keyring} inside); env DATA_DIR`,
      )
      .option(
        '--postgres-url <url>',
        'PostgreSQL of the cluster; env POSTGRES_URL (PII_MASTER_KEY… from the environment)',
      )
      .option('--schema <name>', 'PostgreSQL schema of the key table; env POSTGRES_SCHEMA (default public)'),
  );

/** `appeals keys status | rotate`. */
export const registerKeys: Register = (program, plan) => {
  const command = program
    .command('keys')
    .description(
      "The personal-data master keys (ADR 0006): re-wrap every applicant's data key under a new one.",
    );
  where(
    command.command('status').description('how many data keys each master key still has to re-wrap'),
  ).action((options: KeysOptions) => plan('keys', options.json, (ctx) => keys(ctx, 'status', options)));
  where(
    command
      .command('rotate')
      .description(
        'embedded: adds a new master key to the keyring and re-wraps every data key under it, then drops the old key ' +
          '(run with the system stopped); cluster: re-wraps under PII_MASTER_KEY (the new key, PII_MASTER_KEY_ID) ' +
          'what PII_PREVIOUS_MASTER_KEYS wrapped. Interrupted, it goes on where it stopped when run again.',
      ),
  )
    .option('--batch-size <n>', 'data keys re-wrapped at a time', wholeNumber(1), 500)
    .action((options: KeysOptions) => plan('keys', options.json, (ctx) => keys(ctx, 'rotate', options)));
};
