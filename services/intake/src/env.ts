import { OPEN311_DEFAULTS, open311ApiKeys, type Open311Settings } from '@appeals/appeal-http';
import { LANGUAGES } from '@appeals/contracts';
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

/** The Open311 edge's settings (ADR "Open311"; docs/agencies.md#open311). */
export const Open311EnvSchema = z.object({
  /** comma-separated `client:<sha256 hex of the key>`; none: the endpoint takes no filings */
  OPEN311_API_KEYS: z.string().optional(),
  /** KATO of the region a request is filed in when it names none (no attribute[region], no KATO jurisdiction_id) */
  OPEN311_DEFAULT_REGION: z
    .string()
    .regex(/^\d{9}$/, 'expected a 9-digit KATO code')
    .optional(),
  /** the kind of appeal of a request without attribute[kind] */
  OPEN311_DEFAULT_KIND: z.string().min(1).default(OPEN311_DEFAULTS.defaultKind),
  /** the language of names and of a request's text without attribute[language] */
  OPEN311_LANGUAGE: z.enum(LANGUAGES).default(OPEN311_DEFAULTS.language),
});

/** Reads the Open311 settings (refuses a malformed key entry, naming its client). */
export function loadOpen311Settings(
  source: Record<string, string | undefined> = process.env,
): Open311Settings {
  const env = loadEnv(Open311EnvSchema, source);
  return {
    apiKeys: open311ApiKeys(env.OPEN311_API_KEYS),
    defaultRegion: env.OPEN311_DEFAULT_REGION,
    defaultKind: env.OPEN311_DEFAULT_KIND,
    language: env.OPEN311_LANGUAGE,
  };
}
