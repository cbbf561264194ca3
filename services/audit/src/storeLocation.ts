import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { loadVerifyLogEnv } from './env';

/** File name of the event store in the embedded mode's data folder (services/gateway/src/embedded.ts writes it). */
export const EMBEDDED_DB = 'appeals.db';

/** A command line that cannot run as given (exit 2). */
export class UsageError extends Error {}

/** Where the event store is, as the operator tools (`verify-log`, `quarantine`) take it. */
export interface StoreOptions {
  dataDir?: string;
  sqlite?: string;
  postgresUrl?: string;
  schema?: string;
}

/** Adds the options naming the event store: an embedded data folder, a SQLite file, or PostgreSQL and a schema. */
export const withStoreOptions = (command: Command): Command =>
  command
    .addOption(new Option('--data-dir <dir>', `embedded data folder (${EMBEDDED_DB} inside); env DATA_DIR`))
    .addOption(new Option('--sqlite <file>', 'an event store SQLite file').conflicts('dataDir'))
    .addOption(
      new Option('--postgres-url <url>', 'PostgreSQL event store; env POSTGRES_URL').conflicts([
        'dataDir',
        'sqlite',
      ]),
    )
    .option('--schema <name>', 'PostgreSQL schema of the event store; env POSTGRES_SCHEMA (default public)');

export type StoreLocation =
  | { kind: 'postgres'; url: string; schema: string }
  | { kind: 'sqlite'; file: string; dataDir: string | undefined };

/**
 * The store the options name, else the environment (DATA_DIR or POSTGRES_URL, not both), else `./data`; relative
 * paths are relative to where pnpm was started. A SQLite file must exist.
 */
export function storeLocation(
  options: StoreOptions,
  env: ReturnType<typeof loadVerifyLogEnv>,
): StoreLocation {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(env.INIT_CWD ?? process.cwd(), p));
  const explicit = options.dataDir ?? options.sqlite ?? options.postgresUrl;
  if (explicit === undefined && env.DATA_DIR && env.POSTGRES_URL)
    throw new UsageError('both DATA_DIR and POSTGRES_URL are set: choose with --data-dir or --postgres-url');
  const postgresUrl = options.postgresUrl ?? (explicit === undefined ? env.POSTGRES_URL : undefined);
  if (postgresUrl)
    return { kind: 'postgres', url: postgresUrl, schema: options.schema ?? env.POSTGRES_SCHEMA ?? 'public' };
  const dataDir = options.dataDir ?? (explicit === undefined ? (env.DATA_DIR ?? './data') : undefined);
  const file = options.sqlite ? path(options.sqlite) : join(path(dataDir as string), EMBEDDED_DB);
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  return { kind: 'sqlite', file, dataDir: dataDir === undefined ? undefined : path(dataDir) };
}
