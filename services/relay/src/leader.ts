import { Client } from 'pg';

/** Advisory-lock namespace of the relay leader lock (the event store uses 0x4150_0001 and 0x4150_0002). */
export const RELAY_LOCK_NAMESPACE = 0x4150_0010;

/** application_name of the lock connection (visible in pg_stat_activity). */
export const LEADER_APPLICATION_NAME = 'appeals-relay-leader';

/** Work that runs only while the lock is held. */
export interface LeaderWork {
  /** finishes what is in flight and stops */
  stop(): Promise<void>;
}

export type LeaderRole = 'standby' | 'leader' | 'stopped';

export interface LeaderElectionOptions {
  connectionString: string;
  /** the lock is per schema and name, so deployments in other schemas elect their own leader */
  schema: string;
  /** default 'relay' */
  name?: string;
  /** starts the work when this instance becomes leader */
  lead: () => LeaderWork | Promise<LeaderWork>;
  /** how often a standby tries the lock, and how long after losing it an instance waits (default 1000 ms) */
  retryMs?: number;
  /** how often the leader checks that its lock connection is alive (default 1000 ms) */
  checkIntervalMs?: number;
  onRoleChange?: (role: LeaderRole) => void;
  onError?: (error: unknown, context: string) => void;
}

export interface LeaderElection {
  role(): LeaderRole;
  /** server pid of the lock connection (tests cut it with pg_terminate_backend) */
  backendPid(): number | undefined;
  /** stops the work if leading, releases the lock (ends its session) and stops trying */
  stop(): Promise<void>;
}

interface Waker {
  promise: Promise<void>;
  wake: () => void;
}

const waker = (ms?: number): Waker => {
  let wake = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
    wake = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
  });
  return { promise, wake };
};

/** The dedicated connection that holds the lock. */
const lockClient = (connectionString: string, checkIntervalMs: number) =>
  new Client({
    connectionString,
    application_name: LEADER_APPLICATION_NAME,
    keepAlive: true,
    // a check that hangs (half-open connection) counts as a lost session
    query_timeout: Math.max(2_000, checkIntervalMs * 2),
    connectionTimeoutMillis: 5_000,
  });

/** Tries the lock, waiting between tries, while `trying()`; true once it is held. */
async function waitForLock(
  connection: Client,
  lockName: string,
  trying: () => boolean,
  wait: () => Promise<unknown>,
): Promise<boolean> {
  while (trying()) {
    const { rows } = await connection.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [RELAY_LOCK_NAMESPACE, lockName],
    );
    if (rows[0]?.locked) return true;
    await wait();
  }
  return false;
}

/**
 * Leader election on a PostgreSQL session advisory lock (`pg_try_advisory_lock`) held on a dedicated
 * connection: the instance holding it runs `lead()`; the others try again every `retryMs`. The lock lives as
 * long as the session, so when the leader dies (process killed, connection cut, network gone) PostgreSQL ends
 * the session, the lock is free, and a standby takes over within a retry. A leader that sees its connection
 * fail (an error, or a failed check every `checkIntervalMs`) stops its work at once and becomes a standby.
 *
 * @example
 * const election = startLeaderElection({ connectionString, schema: 'public', lead: () => startRelay({ ... }) });
 */
export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const retryMs = options.retryMs ?? 1000;
  const checkIntervalMs = options.checkIntervalMs ?? 1000;
  const lockName = `${options.schema}/${options.name ?? 'relay'}`;
  const report = (error: unknown, context: string) => options.onError?.(error, context);
  let role: LeaderRole = 'standby';
  let stopped = false;
  let client: Client | undefined;
  let pause: Waker | undefined;
  let lost: Waker | undefined;

  const setRole = (next: LeaderRole) => {
    if (role === next) return;
    role = next;
    options.onRoleChange?.(next);
  };

  const sleep = async (ms: number) => {
    pause = waker(ms);
    await pause.promise;
    pause = undefined;
  };

  /** One session: connect, wait for the lock, lead until the session fails or we stop. */
  const session = async () => {
    const connection = lockClient(options.connectionString, checkIntervalMs);
    const gone = waker();
    lost = gone;
    let failed = false;
    const fail = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (error && !stopped) report(error, 'lock connection failed');
      gone.wake();
    };
    const alive = () => !stopped && !failed;
    const waitOrFail = (ms: number) => Promise.race([sleep(ms), gone.promise]);
    connection.on('error', fail);
    connection.on('end', () => fail());
    client = connection;
    try {
      await connection.connect();
      const locked = await waitForLock(connection, lockName, alive, () => waitOrFail(retryMs));
      if (!locked || !alive()) return;
      setRole('leader');
      const work = await options.lead();
      try {
        while (alive()) {
          await waitOrFail(checkIntervalMs);
          if (!alive()) break;
          await connection.query('SELECT 1').catch((error: Error) => fail(error));
        }
      } finally {
        setRole(stopped ? 'stopped' : 'standby');
        await work.stop().catch((error: unknown) => report(error, 'stopping the work failed'));
      }
    } finally {
      client = undefined;
      // ending the session releases the lock
      await connection.end().catch(() => undefined);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await session();
      } catch (error) {
        if (!stopped) report(error, 'leader election');
      }
      if (!stopped) await sleep(retryMs);
    }
    setRole('stopped');
  })();

  return {
    role: () => role,
    backendPid: () => (client as unknown as { processID?: number } | undefined)?.processID,
    async stop() {
      stopped = true;
      pause?.wake();
      lost?.wake();
      await loop;
    },
  };
}
