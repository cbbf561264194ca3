import type { Pool, PoolClient } from 'pg';

/** A client checked out of a pool for a transaction, that hears its connection being lost meanwhile. */
export interface CheckedOutClient {
  readonly client: PoolClient;
  /** Gives it back; destroys it when the connection broke (`broken`, or an error it heard while checked out). */
  release(broken?: Error): void;
}

/**
 * Checks a client out for a transaction. pg-pool listens for a client's `error` events only while the client is
 * idle in the pool: a server that ends the connection between two statements of a checked-out client (a restart, an
 * administrator's terminate) makes the client emit `error` with nobody listening, which ends the process. Here the
 * error is heard and kept: the next statement fails as usual, and the client is destroyed at release.
 *
 * @example
 * const held = await checkOut(pool);
 * try { await held.client.query('BEGIN'); … } finally { held.release(broken); }
 */
export async function checkOut(pool: Pool): Promise<CheckedOutClient> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const hear = (error: Error) => {
    lost ??= error;
  };
  client.on('error', hear);
  return {
    client,
    release(broken) {
      client.removeListener('error', hear);
      client.release(broken ?? lost);
    },
  };
}
