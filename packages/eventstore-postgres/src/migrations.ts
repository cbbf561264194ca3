import { chainBatch, storedJson, type StreamChainFields } from '@appeals/chain';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { checkOut } from './checkedOut';

/** One step of the schema; applied once, in version order, in the same transaction as the steps before it. */
export interface Migration {
  version: number;
  name: string;
  /** the step's SQL; `schema` is the quoted schema name to qualify every object with */
  sql: (schema: string) => string;
  /** work after the SQL, in the same transaction (filling new columns of existing rows) */
  run?: (client: PoolClient, schema: string) => Promise<void>;
}

/** The event store's schema history. Append new steps; never edit an applied one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events and checkpoints',
    sql: (s) => `
      CREATE TABLE ${s}.events (
        global_position bigserial   PRIMARY KEY,
        -- the appending transaction: readAll hands out only events of transactions older than every running one
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid        NOT NULL UNIQUE,
        stream_id       text        NOT NULL,
        stream_position bigint      NOT NULL CHECK (stream_position >= 0),
        type            text        NOT NULL,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        "time"          timestamptz NOT NULL,
        -- the writer's ISO 8601 text, returned exactly (timestamptz keeps the instant, not the offset or digits)
        time_text       text        NOT NULL,
        UNIQUE (stream_id, stream_position)
      );
      CREATE INDEX events_transaction_order ON ${s}.events (transaction_id, global_position);
      CREATE TABLE ${s}.checkpoints (
        subscription_id text        PRIMARY KEY,
        checkpoint      text        NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'tamper-evident history: stream chain columns, global chain links and signed checkpoints',
    sql: (s) => `
      ALTER TABLE ${s}.events ADD COLUMN prev_stream_hash text, ADD COLUMN hash text;
      CREATE TABLE ${s}.chain_links (
        seq             bigint PRIMARY KEY CHECK (seq >= 1),
        event_id        uuid   NOT NULL UNIQUE,
        stream_id       text   NOT NULL,
        global_position bigint NOT NULL,
        event_hash      text   NOT NULL,
        chain_hash      text   NOT NULL,
        checkpoint      text   NOT NULL
      );
      CREATE INDEX chain_links_stream ON ${s}.chain_links (stream_id, seq);
      CREATE TABLE ${s}.chain_checkpoints (
        seq        bigint PRIMARY KEY,
        chain_hash text   NOT NULL,
        signed_at  text   NOT NULL,
        key_id     text   NOT NULL,
        signature  text   NOT NULL
      );
    `,
    // Rows written before the chain existed get their stream chain once, here; after this step a row without
    // a hash is reported by every verifier (a later backfill would launder tampering).
    run: backfillStreamChains,
  },
];

/** Chains every stream's existing events, a page at a time in (stream, position) order. */
async function backfillStreamChains(client: PoolClient, s: string): Promise<void> {
  let after: { streamId: string; position: number } | undefined;
  let prev: string | null = null;
  for (;;) {
    const { rows } = await client.query<{
      event_id: string;
      stream_id: string;
      stream_position: string;
      type: string;
      data: unknown;
      metadata: unknown;
      time_text: string;
    }>(
      `SELECT event_id::text AS event_id, stream_id, stream_position, type, data, metadata, time_text
       FROM ${s}.events WHERE ($1::text IS NULL OR (stream_id, stream_position) > ($1, $2::bigint))
       ORDER BY stream_id, stream_position LIMIT 1000`,
      [after?.streamId ?? null, after?.position ?? 0],
    );
    if (rows.length === 0) return;
    const ids: string[] = [];
    const prevs: Array<string | null> = [];
    const hashes: string[] = [];
    for (const row of rows) {
      if (row.stream_id !== after?.streamId) prev = null;
      after = { streamId: row.stream_id, position: Number(row.stream_position) };
      const [fields] = chainBatch(row.stream_id, Number(row.stream_position), prev, [
        {
          id: row.event_id,
          type: row.type,
          time: row.time_text,
          dataJson: storedJson(row.data),
          metadataJson: storedJson(row.metadata),
        },
      ]) as [StreamChainFields];
      ids.push(row.event_id);
      prevs.push(fields.prevStreamHash);
      hashes.push(fields.hash);
      prev = fields.hash;
    }
    await client.query(
      `UPDATE ${s}.events e SET prev_stream_hash = u.prev, hash = u.hash
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, prev, hash) WHERE e.event_id = u.id`,
      [ids, prevs, hashes],
    );
  }
}

/** Name under which these migrations are recorded, so other components may keep theirs in the same table. */
export const MIGRATION_SCOPE = 'eventstore';

/** First key of the two-key advisory locks this package takes (the second is a hash of the object locked). */
export const LOCK_NAMESPACE = { migrations: 0x4150_0001, streams: 0x4150_0002, chain: 0x4150_0003 } as const;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The schema name quoted for SQL; only plain identifiers are accepted, so it can never smuggle SQL in. */
export const quoteSchema = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      `PostgreSQL event store: schema must be a plain identifier (letters, digits, _), got ${JSON.stringify(schema)}`,
    );
  }
  return escapeIdentifier(schema);
};

/**
 * Brings `schema` (created if missing) up to the latest event store schema and returns the versions it applied.
 * Safe to call on every start and from many processes at once: everything runs in one transaction holding an
 * advisory lock per schema, so concurrent starters wait for the first and then find nothing left to do.
 */
export async function migrate(
  pool: Pool,
  schema = 'public',
  steps: readonly Migration[] = migrations,
  /** whose history the steps belong to (another component keeps its own migrations in the same schema) */
  scope: string = MIGRATION_SCOPE,
): Promise<number[]> {
  const s = quoteSchema(schema);
  const ordered = [...steps].sort((a, b) => a.version - b.version);
  const held = await checkOut(pool);
  const { client } = held;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE.migrations, schema]);
    // CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the database, so ask first.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
        scope      text        NOT NULL,
        version    integer     NOT NULL,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, version)
      )`);
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${s}.schema_migrations WHERE scope = $1`,
      [scope],
    );
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const step of ordered) {
      if (done.has(step.version)) continue;
      await client.query(step.sql(s));
      await step.run?.(client, s);
      await client.query(`INSERT INTO ${s}.schema_migrations (scope, version, name) VALUES ($1, $2, $3)`, [
        scope,
        step.version,
        step.name,
      ]);
      applied.push(step.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    held.release(broken);
  }
}

/** Versions of the event store's schema already applied in `schema`. */
export async function appliedVersions(pool: Pool, schema = 'public'): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>(
    `SELECT version FROM ${quoteSchema(schema)}.schema_migrations WHERE scope = $1 ORDER BY version`,
    [MIGRATION_SCOPE],
  );
  return rows.map((r) => r.version);
}
