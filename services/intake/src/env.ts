import { OPEN311_DEFAULTS, open311ApiKeys, type Open311Settings } from '@appeals/appeal-http';
import { LANGUAGES } from '@appeals/contracts';
import { loadEnv } from '@appeals/service-host';
import { z } from 'zod';

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
