import { serviceUnavailable, type HttpProblem } from './problem';

/**
 * Errors that say a server the request needs is unreachable or restarting, not that the request or our code is
 * wrong: the client should try again in a moment (503 with Retry-After), and a careful client's retry with the
 * same Idempotency-Key then does what the first attempt could not. Recognised by shape, so this package needs no
 * database driver: Node's socket errors, PostgreSQL's SQLSTATE classes 08 (connection), 53 (resources) and 57P
 * (shutting down), the pg client's broken connections, the MongoDB driver's network and server-selection errors and
 * MongoDB's shutdown / not-primary codes, and a MongoDB-protocol server (FerretDB) relaying its backend's SQLSTATE.
 */

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const SQLSTATE_UNAVAILABLE = /^(08|53|57P0)/;
const RELAYED_SQLSTATE = /SQLSTATE (08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[0-9])/;
const MONGO_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);
/** HostUnreachable, HostNotFound, NetworkTimeout, ShutdownInProgress, PrimarySteppedDown, NotWritablePrimary,
 * InterruptedAtShutdown, InterruptedDueToReplStateChange, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary */
const MONGO_CODES = new Set([6, 7, 89, 91, 189, 10107, 11600, 11602, 13435, 13436]);
const PG_CLIENT_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

const isUnavailable = (err: object): boolean => {
  const { code, name, message, severity } = err as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    severity?: unknown;
  };
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  // a PostgreSQL error carries its severity beside a five-character SQLSTATE
  if (typeof code === 'string' && typeof severity === 'string' && SQLSTATE_UNAVAILABLE.test(code))
    return true;
  if (typeof name === 'string' && MONGO_NAMES.has(name)) return true;
  if (
    typeof name === 'string' &&
    name.startsWith('Mongo') &&
    typeof code === 'number' &&
    MONGO_CODES.has(code)
  )
    return true;
  if (typeof message !== 'string') return false;
  return (
    PG_CLIENT_MESSAGES.test(message) ||
    (typeof name === 'string' && name.startsWith('Mongo') && RELAYED_SQLSTATE.test(message))
  );
};

/** 503 (Retry-After: 1) for an error that says a dependency is down, looking through `cause`; else undefined. */
export function dependencyUnavailable(err: unknown): HttpProblem | undefined {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if (isUnavailable(e))
      return serviceUnavailable(
        'A service this request needs is not available right now; try again shortly.',
        {
          type: 'dependency-unavailable',
          headers: { 'Retry-After': '1' },
        },
      );
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
