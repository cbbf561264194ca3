import { Client } from 'pg';

/**
 * Advisory-lock namespace of the leader locks (the event store uses 0x4150_0001 and 0x4150_0002); the second key is
 * a hash of `<schema>/<name>`. The relay's lock has had this key since it was the only one.
 */
export const LEADER_LOCK_NAMESPACE = 0x4150_0010;

/** application_name of a lock connection (visible in pg_stat_activity): `appeals-relay-leader`, … */
export const leaderApplicationName = (name: string) => `appeals-${name}-leader`;

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
  /** the work led: `relay`, `linked-appeals` */
  name: string;
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
const lockClient = (connectionString: string, name: string, checkIntervalMs: number) =>
  new Client({
    connectionString,
    application_name: leaderApplicationName(name),
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
      [LEADER_LOCK_NAMESPACE, lockName],
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
 * const election = startLeaderElection({ connectionString, schema: 'public', name: 'relay', lead: () => startRelay({ ... }) });
 */
export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const retryMs = options.retryMs ?? 1000;
  const checkIntervalMs = options.checkIntervalMs ?? 1000;
  const lockName = `${options.schema}/${options.name}`;
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
    const connection = lockClient(options.connectionString, options.name, checkIntervalMs);
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

/** Runs named work on one instance of a deployment at a time; the other instances stand by to take it over. */
export interface Leadership {
  /** elects a leader for `name` (one lock per name) and runs `work` there; stop the election to stop the work */
  lead(name: string, work: () => LeaderWork | Promise<LeaderWork>): LeaderElection;
}

/**
 * The `leadership` port on the event store's PostgreSQL: one advisory lock per schema and work name
 * (`startLeaderElection`), so replicas of a process run a log-tailing process once between them.
 */
export function postgresLeadership(options: {
  connectionString: string;
  schema: string;
  onRoleChange?: (name: string, role: LeaderRole) => void;
  onError?: (error: unknown, context: string) => void;
}): Leadership {
  return {
    lead: (name, work) =>
      startLeaderElection({
        connectionString: options.connectionString,
        schema: options.schema,
        name,
        lead: work,
        onRoleChange: (role) => options.onRoleChange?.(name, role),
        onError: (error, context) => options.onError?.(error, `${name}: ${context}`),
      }),
  };
}
