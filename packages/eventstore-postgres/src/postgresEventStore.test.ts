import { randomUUID } from 'node:crypto';
import { Client, escapeIdentifier, Pool } from 'pg';
import {
  isConcurrencyError,
  isDuplicateEventIdError,
  startSubscription,
  type NewEvent,
  type StoredEvent,
} from '@appeals/eventstore';
import { appliedVersions, migrations } from './migrations';
import { quarantineMigrations } from './postgresQuarantine';
import {
  createPostgresEventStore,
  LISTENER_APPLICATION_NAME,
  type PostgresEventStore,
} from './postgresEventStore';
import { serverUnderTest } from '@appeals/testkit/server';
import { testSchemas } from './testSchema';

const server = serverUnderTest('POSTGRES_URL');
const url = server.url;

const event = (type = 'ThingHappened', data: unknown = {}): NewEvent => ({ id: randomUUID(), type, data });
const newStream = () => `pg-test-${randomUUID()}`;

const waitFor = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const rejectionOf = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => undefined,
    (e: unknown) => e,
  );

server.describe('PostgreSQL event store', () => {
  const connectionString = url;
  const schemas = testSchemas(connectionString);
  const schema = schemas.next();
  const opened: PostgresEventStore[] = [];

  const open = async (options: { schema?: string; pool?: Pool } = {}) => {
    const store = await createPostgresEventStore({ connectionString, schema, ...options });
    opened.push(store);
    return store;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => schemas.drop());

  /** Appends a marker and returns its checkpoint: the head of the log as a test starts. */
  const head = async (store: PostgresEventStore): Promise<string> =>
    (await store.append(newStream(), [event('HeadMarked')], { expectedVersion: 'no_stream' })).events[0]!
      .checkpoint;

  describe('no skipped events: readAll stops below the oldest running transaction', () => {
    let raw: Client;
    beforeEach(async () => {
      raw = new Client({ connectionString });
      await raw.connect();
    });
    afterEach(() => raw.end()); // ending the connection rolls back whatever a failed test left open

    /** A slow writer: inserts one event inside the raw client's open transaction. */
    const insertRaw = async (streamId: string) => {
      const id = randomUUID();
      const { rows } = await raw.query<{ global_position: string }>(
        `INSERT INTO ${escapeIdentifier(schema)}.events
           (event_id, stream_id, stream_position, type, data, metadata, "time", time_text)
         VALUES ($1, $2, 0, 'SlowlyWritten', '{}', '{}', now(), $3) RETURNING global_position`,
        [id, streamId, new Date().toISOString()],
      );
      return { id, globalPosition: Number(rows[0]!.global_position) };
    };

    it('hides a later commit while an earlier transaction is open, then returns both once, in order', async () => {
      const store = await open();
      const from = await head(store);

      await raw.query('BEGIN');
      const slow = await insertRaw(newStream()); // takes its transaction id and global position first
      const fast = (
        await store.append(newStream(), [event('QuicklyWritten')], { expectedVersion: 'no_stream' })
      ).events[0] as StoredEvent;
      expect(fast.globalPosition).toBeGreaterThan(slow.globalPosition);

      // The gap: the fast event is committed and a naive reader by position would take it and move past
      // the slow one's position, which becomes visible only later.
      const naive = await schemas.admin.query(
        `SELECT event_id::text AS id FROM ${escapeIdentifier(schema)}.events WHERE global_position > $1`,
        [slow.globalPosition - 1],
      );
      expect(naive.rows.map((r: { id: string }) => r.id)).toEqual([fast.id]);
      // readAll hands out neither, so no reader can checkpoint past the gap.
      expect(await store.readAll({ after: from })).toEqual([]);
      expect((await store.readAll()).map((e) => e.id)).not.toContain(fast.id);

      await raw.query('COMMIT');
      const after = await store.readAll({ after: from });
      expect(after.map((e) => e.id)).toEqual([slow.id, fast.id]);
      expect(after[1]).toEqual(fast);

      // A reader resuming from the checkpoint it held before sees each exactly once, page by page too.
      const seen: string[] = [];
      let cursor: string | undefined = from;
      for (;;) {
        const page: StoredEvent[] = await store.readAll({ after: cursor, limit: 1 });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.id));
        cursor = page[page.length - 1]!.checkpoint;
      }
      expect(seen).toEqual([slow.id, fast.id]);
      expect(await store.readAll({ after: cursor })).toEqual([]);
    });

    it('orders by transaction id, not global position: an earlier transaction comes first', async () => {
      const store = await open();
      const from = await head(store);

      await raw.query('BEGIN');
      await raw.query('SELECT pg_current_xact_id()'); // the slow writer's transaction id is assigned now...
      const fast = (
        await store.append(newStream(), [event('QuicklyWritten')], { expectedVersion: 'no_stream' })
      ).events[0] as StoredEvent;
      const slow = await insertRaw(newStream()); // ...its global position only now, after the fast one's
      expect(slow.globalPosition).toBeGreaterThan(fast.globalPosition);
      expect(await store.readAll({ after: from })).toEqual([]);

      await raw.query('COMMIT');
      const after = await store.readAll({ after: from });
      expect(after.map((e) => e.id)).toEqual([slow.id, fast.id]);
      const [xidSlow, xidFast] = after.map((e) => BigInt(e.checkpoint.split(':')[0] as string));
      expect(xidSlow! < xidFast!).toBe(true);
      expect(after[1]).toEqual(fast);
    });

    it('keeps a subscription at its checkpoint across the gap and hands over both events after the commit', async () => {
      const store = await open();
      const subscriptionId = `sub-${randomUUID()}`;
      const from = await head(store);
      await store.checkpoints.save(subscriptionId, from);

      await raw.query('BEGIN');
      const slow = await insertRaw(newStream());
      const fast = (await store.append(newStream(), [event()], { expectedVersion: 'no_stream' }))
        .events[0] as StoredEvent;

      const handled: string[] = [];
      const sub = startSubscription({
        store,
        checkpoints: store.checkpoints,
        subscriptionId,
        pollIntervalMs: 20,
        onError: () => {},
        handler: (e) => {
          handled.push(e.id);
        },
      });
      try {
        await sub.caughtUp();
        await new Promise((r) => setTimeout(r, 100));
        expect(handled).toEqual([]);
        expect(await store.checkpoints.load(subscriptionId)).toBe(from);

        await raw.query('COMMIT');
        await waitFor(() => handled.length === 2);
      } finally {
        await sub.stop();
      }
      expect(handled).toEqual([slow.id, fast.id]);
      expect(await store.checkpoints.load(subscriptionId)).toBe(fast.checkpoint);
    });

    it('wakes its listeners again when a transaction that held events back ends without an append', async () => {
      const store = await open();
      const subscriptionId = `sub-${randomUUID()}`;
      await store.checkpoints.save(subscriptionId, await head(store));

      await raw.query('BEGIN');
      await raw.query('SELECT pg_current_xact_id()'); // a writer elsewhere: it will commit without a NOTIFY
      const fast = (await store.append(newStream(), [event()], { expectedVersion: 'no_stream' }))
        .events[0] as StoredEvent;
      const handled: string[] = [];
      const sub = startSubscription({
        store,
        checkpoints: store.checkpoints,
        subscriptionId,
        pollIntervalMs: 600_000, // no polling: only a wake-up can bring the event
        onError: () => {},
        handler: (e) => void handled.push(e.id),
      });
      try {
        await sub.caughtUp();
        expect(handled).toEqual([]);
        await raw.query('COMMIT');
        await waitFor(() => handled.length === 1, 5_000);
      } finally {
        await sub.stop();
      }
      expect(handled).toEqual([fast.id]);
    });

    it('never returns events of a transaction that rolls back', async () => {
      const store = await open();
      const from = await head(store);
      await raw.query('BEGIN');
      await insertRaw(newStream());
      const fast = (await store.append(newStream(), [event()], { expectedVersion: 'no_stream' }))
        .events[0] as StoredEvent;
      await raw.query('ROLLBACK');
      expect((await store.readAll({ after: from })).map((e) => e.id)).toEqual([fast.id]);
    });
  });

  describe('concurrent appends', () => {
    let pool: Pool;
    let store: PostgresEventStore;
    beforeEach(async () => {
      pool = new Pool({ connectionString, max: 10 });
      store = await open({ pool });
    });
    afterEach(() => pool.end());

    it('lets exactly one of 10 appenders with the same expected version win, each on its own connection', async () => {
      const streamId = newStream();
      await store.append(streamId, [event()], { expectedVersion: 'no_stream' });
      const racers = Array.from({ length: 10 }, (_, i) => event(`Racer${i}`));

      const results = await Promise.allSettled(
        racers.map((e) => store.append(streamId, [e], { expectedVersion: 0 })),
      );

      expect(pool.totalCount).toBe(10); // all ten held a connection at once
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      lost.forEach((r) => {
        expect(isConcurrencyError(r.reason)).toBe(true);
        expect(r.reason).toMatchObject({ streamId, expected: 0, actual: 1 });
      });
      const stream = await store.readStream(streamId);
      expect(stream).toHaveLength(2);
      expect(racers.map((e) => e.id)).toContain(stream[1]!.id);
    });

    it('lets exactly one of 10 no_stream appenders create the stream', async () => {
      const streamId = newStream();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.append(streamId, [event()], { expectedVersion: 'no_stream' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('serialises 10 appenders that expect any into positions 0..9', async () => {
      const streamId = newStream();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append(streamId, [event()], { expectedVersion: 'any' })),
      );
      expect(results.map((r) => r.nextExpectedVersion).sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      expect((await store.readStream(streamId)).map((e) => e.streamPosition)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });

    it('writes concurrent retries of one append once and answers the rest as replays', async () => {
      const streamId = newStream();
      const events = [event(), event()];
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.append(streamId, events, { expectedVersion: 'no_stream' })),
      );
      expect(results.filter((r) => !r.idempotentReplay)).toHaveLength(1);
      results.forEach((r) => expect(r.nextExpectedVersion).toBe(1));
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('lets one of two appends of the same id to different streams win; the other is a duplicate id', async () => {
      const shared = event();
      const [a, b] = [newStream(), newStream()];
      const results = await Promise.allSettled([
        store.append(a, [shared], { expectedVersion: 'no_stream' }),
        store.append(b, [shared], { expectedVersion: 'no_stream' }),
      ]);
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect(isDuplicateEventIdError(lost[0]!.reason)).toBe(true);
      const lengths = [(await store.readStream(a)).length, (await store.readStream(b)).length];
      expect(lengths.sort()).toEqual([0, 1]);
    });
  });

  describe('migrations', () => {
    it('run once, however many stores start at the same time on a new schema', async () => {
      const fresh = schemas.next();
      const stores = await Promise.all([
        open({ schema: fresh }),
        open({ schema: fresh }),
        open({ schema: fresh }),
      ]);
      expect(await appliedVersions(schemas.admin, fresh)).toEqual(migrations.map((m) => m.version));
      const { rows } = await schemas.admin.query(
        `SELECT scope, version, applied_at FROM ${escapeIdentifier(fresh)}.schema_migrations`,
      );
      // each step once: the event store's, and its quarantine table's under their own scope
      expect(rows).toHaveLength(migrations.length + quarantineMigrations.length);
      expect(await stores[0]!.migrate()).toEqual([]);
      // the store works on the schema it made
      await stores[1]!.append(newStream(), [event()], { expectedVersion: 'no_stream' });
    });

    it('records its steps under its own scope and leaves other components’ rows alone', async () => {
      const store = await open();
      await schemas.admin.query(
        `INSERT INTO ${escapeIdentifier(schema)}.schema_migrations (scope, version, name) VALUES ('readstore', 1, 'views')`,
      );
      expect(await store.migrate()).toEqual([]);
      expect(await appliedVersions(schemas.admin, schema)).toEqual(migrations.map((m) => m.version));
      const { rows } = await schemas.admin.query(
        `SELECT scope FROM ${escapeIdentifier(schema)}.schema_migrations ORDER BY scope`,
      );
      expect(rows.map((r: { scope: string }) => r.scope)).toEqual([
        ...migrations.map(() => 'eventstore'),
        ...quarantineMigrations.map(() => 'quarantine'),
        'readstore',
      ]);
    });

    it('creates the events table with its transaction id column and (transaction_id, global_position) index', async () => {
      await open();
      const { rows: columns } = await schemas.admin.query(
        `SELECT column_name, data_type, column_default FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'events' AND column_name = 'transaction_id'`,
        [schema],
      );
      expect(columns).toEqual([
        { column_name: 'transaction_id', data_type: 'xid8', column_default: 'pg_current_xact_id()' },
      ]);
      const { rows: indexes } = await schemas.admin.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'events_transaction_order'`,
        [schema],
      );
      expect(indexes[0]?.indexdef).toMatch(/\(transaction_id, global_position\)/);
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(
        createPostgresEventStore({ connectionString, schema: 'x"; DROP TABLE y; --' }),
      ).rejects.toThrow(TypeError);
    });
  });

  it('keeps events and checkpoints for a new store instance on a new pool', async () => {
    const first = await open();
    const from = await head(first);
    const streamId = newStream();
    const written = await first.append(streamId, [event('A', { n: 1 }), event('B', { n: 2 })], {
      expectedVersion: 'no_stream',
    });
    await first.checkpoints.save('relay-survives', written.events[1]!.checkpoint);
    await first.close();

    const second = await open();
    expect(await second.readStream(streamId)).toEqual(written.events);
    expect(await second.readAll({ after: from })).toEqual(written.events);
    expect(await second.checkpoints.load('relay-survives')).toBe(written.events[1]!.checkpoint);
    const next = await second.append(streamId, [event('C')], { expectedVersion: 1 });
    expect(next.nextExpectedVersion).toBe(2);
  });

  describe('onAppended across processes (LISTEN/NOTIFY on appeals_events)', () => {
    it('wakes a listener of another store instance', async () => {
      const writer = await open();
      const reader = await open();
      let woken = 0;
      reader.onAppended(() => woken++);
      await reader.listening();

      await writer.append(newStream(), [event()], { expectedVersion: 'no_stream' });
      await waitFor(() => woken === 1);
    });

    it('calls a store’s own listeners once per append, not again for its own NOTIFY', async () => {
      const store = await open();
      let calls = 0;
      store.onAppended(() => calls++);
      await store.listening();
      await store.append(newStream(), [event()], { expectedVersion: 'no_stream' });
      await new Promise((r) => setTimeout(r, 150));
      expect(calls).toBe(1);
    });

    it('listens again after its connection is cut, and lets listeners look once for what they missed', async () => {
      const writer = await open();
      const errors: Error[] = [];
      const reader = await createPostgresEventStore({
        connectionString,
        schema,
        onError: (e) => errors.push(e),
      });
      opened.push(reader);
      let woken = 0;
      reader.onAppended(() => woken++);
      await reader.listening();

      const { rows } = await schemas.admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
         WHERE application_name = $1 AND datname = current_database()`,
        [LISTENER_APPLICATION_NAME],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      await waitFor(() => woken === 1); // the reconnect's one look
      expect(errors.length).toBeGreaterThanOrEqual(1);

      await writer.append(newStream(), [event()], { expectedVersion: 'no_stream' });
      await waitFor(() => woken === 2);
    });

    it('ignores appends to another schema', async () => {
      const elsewhere = await open({ schema: schemas.next() });
      const reader = await open();
      let woken = 0;
      reader.onAppended(() => woken++);
      await reader.listening();
      await elsewhere.append(newStream(), [event()], { expectedVersion: 'no_stream' });
      await new Promise((r) => setTimeout(r, 150));
      expect(woken).toBe(0);
    });
  });

  describe('input the PostgreSQL store cannot keep', () => {
    it('rejects an event id that is not a lowercase UUID and writes nothing', async () => {
      const store = await open();
      const streamId = newStream();
      for (const id of ['e-1', randomUUID().toUpperCase()]) {
        const error = await rejectionOf(
          store.append(streamId, [{ id, type: 'A', data: {} }], { expectedVersion: 'no_stream' }),
        );
        expect(error).toBeInstanceOf(TypeError);
      }
      expect(await store.readStream(streamId)).toEqual([]);
    });

    it('rejects a time that is not a timestamp', async () => {
      const store = await open();
      const error = await rejectionOf(
        store.append(newStream(), [{ ...event(), time: 'yesterday-ish' }], { expectedVersion: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(TypeError);
    });

    it('rejects a checkpoint that is not "<xid>:<position>"', async () => {
      const store = await open();
      for (const after of ['12', 'abc', '1:2:3', '-1:4']) {
        await expect(store.readAll({ after })).rejects.toThrow(TypeError);
      }
    });

    it('refuses to work after close', async () => {
      const store = await open();
      await store.close();
      await expect(store.readAll()).rejects.toThrow(/closed/);
    });
  });
});
