/// <reference types="jest" />
// Tests only: how a test file finds the real server it runs against (PostgreSQL, Kafka, MongoDB/FerretDB).

/** The server a test file runs against; `describe` is `describe.skip` when there is none (outside CI). */
export interface ServerUnderTest {
  /** the server's URL or address list; empty when skipped */
  url: string;
  describe: jest.Describe;
}

const isCi = (value: string | undefined): boolean =>
  value !== undefined && value !== '' && value !== 'false' && value !== '0';

/**
 * Reads a server URL from the environment variable `name`.
 * - set: its suites run against it;
 * - unset in CI (`CI` set): throws, so the test file fails saying how to start the server;
 * - unset elsewhere: a loud warning on stderr and the suites are reported as skipped — never passed silently.
 *
 * @example
 * const server = serverUnderTest('POSTGRES_URL');
 * server.describe('PostgreSQL event store', () => { ... createPostgresEventStore({ connectionString: server.url }) ... });
 */
export function serverUnderTest(name: string, howToStart = 'run `pnpm infra:up`'): ServerUnderTest {
  // eslint-disable-next-line no-restricted-properties -- tests take their server's address from the environment
  const { [name]: value, CI } = process.env;
  const url = value?.trim();
  if (url) return { url, describe };
  const message = `${name} is not set: ${howToStart}`;
  if (isCi(CI))
    throw new Error(`${message} (CI is set, so tests that need the server fail instead of skipping)`);
  const bar = '!'.repeat(100);
  // Straight to stderr: jest drops console output of a file whose tests are all skipped.
  process.stderr.write(
    [
      bar,
      `!!! SKIPPING tests that need a real server: ${message}`,
      `!!! (or start one with infra/local/<server>.sh up and export what infra/local/<server>.sh env prints)`,
      bar,
      '',
    ].join('\n'),
  );
  return { url: '', describe: describe.skip };
}

/**
 * Polls `predicate` every 20 ms until it holds; fails naming `what` after `timeoutMs` (for state a server-backed
 * test cannot await, such as who holds a lock).
 */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
