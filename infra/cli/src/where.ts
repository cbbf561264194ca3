import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliEnv } from './env';
import { UsageError } from './outcome';

/** File names of the embedded mode's data folder (services/gateway/src/embedded.ts writes them). */
export const EMBEDDED = {
  events: 'appeals.db',
  views: 'views.db',
  keys: 'keys.db',
  keyring: 'pii-master.key',
  publicKey: 'chain-signing.pub',
} as const;

/** Where the data is, as every command takes it. */
export interface WhereOptions {
  dataDir?: string;
  sqlite?: string;
  postgresUrl?: string;
  schema?: string;
  mongodbUrl?: string;
}

/** The options naming the event store: an embedded data folder, a SQLite file, or PostgreSQL and a schema. */
export const withStoreOptions = (command: Command): Command =>
  command
    .addOption(
      new Option(
        '--data-dir <dir>',
        `embedded data folder (${EMBEDDED.events} inside); env DATA_DIR, else ./data`,
      ),
    )
    .addOption(new Option('--sqlite <file>', 'an event store SQLite file alone').conflicts('dataDir'))
    .addOption(
      new Option('--postgres-url <url>', 'PostgreSQL event store (cluster); env POSTGRES_URL').conflicts([
        'dataDir',
        'sqlite',
      ]),
    )
    .option('--schema <name>', 'PostgreSQL schema of the event store; env POSTGRES_SCHEMA (default public)');

/** The store options and the read views of the cluster. */
export const withViewOptions = (command: Command): Command =>
  withStoreOptions(command).option(
    '--mongodb-url <url>',
    `read views of the cluster (MongoDB/FerretDB); env MONGODB_URL (embedded: <data-dir>/${EMBEDDED.views})`,
  );

export type Location =
  | { kind: 'postgres'; url: string; schema: string; mongodbUrl: string | undefined }
  | { kind: 'sqlite'; file: string; dataDir: string | undefined };

/** A path as given: absolute, or relative to where pnpm was started. */
export const pathFrom =
  (env: CliEnv) =>
  (p: string): string =>
    isAbsolute(p) ? p : resolve(env.INIT_CWD ?? process.cwd(), p);

/**
 * The store the options name, else the environment (DATA_DIR or POSTGRES_URL, not both), else `./data`; relative
 * paths are relative to where pnpm was started. A SQLite file must exist.
 */
export function locate(options: WhereOptions, env: CliEnv): Location {
  const path = pathFrom(env);
  const explicit = options.dataDir ?? options.sqlite ?? options.postgresUrl;
  if (explicit === undefined && env.DATA_DIR && env.POSTGRES_URL)
    throw new UsageError('both DATA_DIR and POSTGRES_URL are set: choose with --data-dir or --postgres-url');
  const postgresUrl = options.postgresUrl ?? (explicit === undefined ? env.POSTGRES_URL : undefined);
  if (postgresUrl)
    return {
      kind: 'postgres',
      url: postgresUrl,
      schema: options.schema ?? env.POSTGRES_SCHEMA ?? 'public',
      mongodbUrl: options.mongodbUrl ?? env.MONGODB_URL,
    };
  const dataDir = options.dataDir ?? (explicit === undefined ? (env.DATA_DIR ?? './data') : undefined);
  const file = options.sqlite ? path(options.sqlite) : join(path(dataDir as string), EMBEDDED.events);
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  return { kind: 'sqlite', file, dataDir: dataDir === undefined ? undefined : path(dataDir) };
}

/** What a person reads for the location (`PostgreSQL schema public`, the file). */
export const describeLocation = (location: Location): string =>
  location.kind === 'postgres' ? `PostgreSQL schema ${location.schema}` : location.file;

/** The data folder of an embedded location; a bare `--sqlite` file has none (no views, no keys beside it). */
export function dataDirOf(location: Extract<Location, { kind: 'sqlite' }>, what: string): string {
  if (location.dataDir === undefined)
    throw new UsageError(`${what} needs the whole data folder (--data-dir), not an event store file alone`);
  return location.dataDir;
}
