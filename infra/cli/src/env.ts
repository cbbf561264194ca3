import { loadEnv } from '@appeals/service-host';
import { z } from 'zod';

/**
 * What `appeals` may take from the environment when no option says otherwise: the variables the services already
 * read (embedded: DATA_DIR; cluster: POSTGRES_URL, POSTGRES_SCHEMA, MONGODB_URL, the PII_* keyring), the public key
 * checkpoints are signed with, the catalog file, and where pnpm was started (relative paths are relative to it).
 */
export const CliEnvSchema = z.object({
  DATA_DIR: z.string().min(1).optional(),
  POSTGRES_URL: z.string().min(1).optional(),
  POSTGRES_SCHEMA: z.string().min(1).optional(),
  /** the read views of the cluster (MongoDB or FerretDB); the database is the URL's path */
  MONGODB_URL: z.string().min(1).optional(),
  /** Ed25519 public key (PEM or base64) checkpoints must be signed with */
  CHAIN_PUBLIC_KEY: z.string().min(1).optional(),
  /** the personal-data keyring as the processes read it: the current master key, its id, the older ones */
  PII_MASTER_KEY: z.string().min(1).optional(),
  PII_MASTER_KEY_ID: z.string().min(1).optional(),
  PII_PREVIOUS_MASTER_KEYS: z.string().min(1).optional(),
  /** the catalog the services read at start (agencies, categories, regions, routing rules); the demo seed when unset */
  CATALOG_FILE: z.string().min(1).optional(),
  /** the folder pnpm was started in: relative paths given to `pnpm appeals` are relative to it */
  INIT_CWD: z.string().min(1).optional(),
});
export type CliEnv = z.infer<typeof CliEnvSchema>;

/** The environment of this process (the one place the CLI reads `process.env`). */
export const processEnv = (): Record<string, string | undefined> => process.env;

/** Validates the variables the CLI reads; throws a ConfigError naming each bad one. */
export const loadCliEnv = (source: Record<string, string | undefined>): CliEnv =>
  loadEnv(CliEnvSchema, source);
