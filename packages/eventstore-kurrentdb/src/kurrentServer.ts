/// <reference types="jest" />
// Tests only: the one named exception to "CI fails when the server is missing". KurrentDB cannot run on these
// machines (no Docker, no binary in the package registries), so its suites run only where KURRENTDB_URL is set.

export interface KurrentServer {
  /** the connection string; empty when skipped */
  url: string;
  describe: jest.Describe;
}

export const SKIP_BANNER =
  'KurrentDB suite skipped: KURRENTDB_URL is not set (KurrentDB cannot run on these machines; see README)';

/** `describe` against KURRENTDB_URL when it is set; otherwise a loud stderr banner and `describe.skip`. */
export function kurrentServer(env: Record<string, string | undefined> = readEnv()): KurrentServer {
  const url = env.KURRENTDB_URL?.trim();
  if (url) return { url, describe };
  const bar = '!'.repeat(100);
  // Straight to stderr: jest drops console output of a file whose tests are all skipped.
  process.stderr.write([bar, `!!! ${SKIP_BANNER}`, bar, ''].join('\n'));
  return { url: '', describe: describe.skip };
}

// eslint-disable-next-line no-restricted-properties -- tests take their server's address from the environment
const readEnv = (): Record<string, string | undefined> => process.env;
