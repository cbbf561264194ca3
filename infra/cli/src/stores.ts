import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Quarantine } from '@appeals/bus';
import type { ChainStore } from '@appeals/chain';
import type { CheckpointStore, EventStore } from '@appeals/eventstore';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { createPostgresKeyStore } from '@appeals/keystore-postgres';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import {
  createPersonalDataVault,
  keyringConfig,
  masterKeysFrom,
  readKeyringFile,
  type KeyStore,
  type MasterKeys,
  type PersonalDataVault,
} from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { connectViews } from '@appeals/service-host';
import type { CliEnv } from './env';
import { UsageError } from './outcome';
import { dataDirOf, EMBEDDED, type Location } from './where';

// Opens what the services open, from the same places: the embedded data folder's SQLite files, or the cluster's
// PostgreSQL (events, keys) and MongoDB (views). Each opener gives back how to close what it opened.

/** The event store with the tables kept beside its log. */
export type OpenedStore = EventStore & {
  chain: ChainStore;
  quarantine: Quarantine;
  checkpoints: CheckpointStore;
};

/**
 * The event store at `location`. `readonly`: a SQLite file opened read-only and PostgreSQL not migrated, so a check
 * never writes (a migration could rewrite rows).
 */
export async function openEventStore(
  location: Location,
  options: { readonly?: boolean } = {},
): Promise<OpenedStore> {
  if (location.kind === 'postgres')
    return createPostgresEventStore({
      connectionString: location.url,
      schema: location.schema,
      migrate: !options.readonly,
      onError: () => undefined, // a broken idle connection: the next query reports it
    });
  return createSqliteEventStore({ filename: location.file, readonly: options.readonly === true });
}

/** The read views: `<data-dir>/views.db`, or the cluster's MongoDB (`--mongodb-url`, MONGODB_URL). */
export async function openViews(
  location: Location,
): Promise<{ views: ReadStore; close: () => Promise<void> }> {
  if (location.kind === 'postgres') {
    if (!location.mongodbUrl)
      throw new UsageError('the read views of the cluster: give --mongodb-url or set MONGODB_URL');
    const connected = await connectViews({ MONGODB_URL: location.mongodbUrl }, 'cli');
    return { views: connected.value, close: () => connected.close() };
  }
  const views = createSqliteReadStore({
    filename: join(dataDirOf(location, 'the read views'), EMBEDDED.views),
  });
  return { views, close: () => views.close() };
}

/**
 * The master keys the embedded system uses: PII_MASTER_KEY when set, else the keyring in the data folder
 * (services/gateway/src/embedded.ts decides the same way).
 */
export function embeddedMasterKeys(dataDir: string, env: CliEnv): MasterKeys {
  if (env.PII_MASTER_KEY) return masterKeysFrom({ key: env.PII_MASTER_KEY });
  const entries = readKeyringFile(join(dataDir, EMBEDDED.keyring));
  if (!entries)
    throw new UsageError(`${dataDir} holds no keyring (${EMBEDDED.keyring}) and PII_MASTER_KEY is not set`);
  return masterKeysFrom(keyringConfig(entries));
}

/** The master keys of the cluster, from the environment as its processes read them. */
export function clusterMasterKeys(env: CliEnv): MasterKeys {
  if (!env.PII_MASTER_KEY)
    throw new UsageError('PII_MASTER_KEY is not set: the cluster keyring comes from the environment');
  return masterKeysFrom({
    key: env.PII_MASTER_KEY,
    id: env.PII_MASTER_KEY_ID,
    previous: env.PII_PREVIOUS_MASTER_KEYS,
  });
}

/** The applicants' data keys: `<data-dir>/keys.db`, or table `personal_data_keys` in the cluster's schema. */
export async function openKeyStore(location: Location): Promise<KeyStore> {
  if (location.kind === 'postgres')
    return createPostgresKeyStore({ connectionString: location.url, schema: location.schema });
  const file = join(dataDirOf(location, 'the personal-data keys'), EMBEDDED.keys);
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  return createSqliteKeyStore({ filename: file });
}

/** The personal-data vault over the key store and master keys the services use (ADR 0006). */
export async function openVault(
  location: Location,
  env: CliEnv,
): Promise<{ vault: PersonalDataVault; close: () => Promise<void> }> {
  const masterKeys =
    location.kind === 'postgres'
      ? clusterMasterKeys(env)
      : embeddedMasterKeys(dataDirOf(location, 'opening personal data'), env);
  const keys = await openKeyStore(location);
  return { vault: createPersonalDataVault({ keys, masterKeys }), close: () => keys.close() };
}
