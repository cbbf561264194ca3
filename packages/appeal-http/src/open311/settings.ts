import type { Open311ApiKeys } from './apiKeys';
import type { Open311Defaults } from './requests';

/** How a deployment's Open311 edge files and names things: its api keys and its defaults (intake's env.ts). */
export interface Open311Settings extends Open311Defaults {
  apiKeys: Open311ApiKeys;
}

/** The defaults when a deployment sets none: appeals of kind `application`, names in the state language. */
export const OPEN311_DEFAULTS: Open311Defaults = { defaultKind: 'application', language: 'kk' };

/** The policy rows of the Open311 routes one service serves: each path in both formats (`.json`, `.xml`). */
export const open311Rows = <R>(paths: readonly string[], rule: R): Record<string, R> =>
  Object.fromEntries(
    paths.flatMap((path) => ['json', 'xml'].map((format) => [`${path}.${format}`, rule] as const)),
  );
