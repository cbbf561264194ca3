import { loadEnv } from '@appeals/service-host';
import { z } from 'zod';

/** What `pnpm keys` may take from the environment when no option says otherwise. */
export const KeysEnvSchema = z.object({
  DATA_DIR: z.string().optional(),
  POSTGRES_URL: z.string().optional(),
  POSTGRES_SCHEMA: z.string().optional(),
  /** the cluster's keyring, as its processes read it: the current master key, its id, and the older ones */
  PII_MASTER_KEY: z.string().optional(),
  PII_MASTER_KEY_ID: z.string().optional(),
  PII_PREVIOUS_MASTER_KEYS: z.string().optional(),
  /** the folder pnpm was started in: relative paths given to `pnpm keys` are relative to it */
  INIT_CWD: z.string().optional(),
});
export type KeysEnv = z.infer<typeof KeysEnvSchema>;

export const loadKeysEnv = (source: Record<string, string | undefined> = process.env): KeysEnv =>
  loadEnv(KeysEnvSchema, source);
