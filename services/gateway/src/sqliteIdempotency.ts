import type { SqliteEventStore } from '@appeals/eventstore-sqlite';
import type { IdempotencyStore, Plan, StoredResponse } from '@appeals/http';

export interface SqliteIdempotencyOptions {
  /** how long a first answer and a first attempt's plan are kept (default 24 h) */
  ttlMs?: number;
  now?: () => number;
}

/**
 * First answers and first attempts' plans by idempotency key in the embedded log's file (table `idempotency_keys`
 * beside the events): a filing retried after the process died between its append and its answer files the same
 * appeal, as on PostgreSQL (ADR 0027), instead of a second one from a plan the process forgot. Expired keys are
 * ignored on read and deleted a few at a time on write.
 *
 * @example
 * const idempotency = createSqliteIdempotencyStore(store.db);
 */
export function createSqliteIdempotencyStore(
  db: SqliteEventStore['db'],
  options: SqliteIdempotencyOptions = {},
): IdempotencyStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY, response TEXT, plan TEXT, expires_at INTEGER NOT NULL)`);
  const read = db
    .prepare(
      'SELECT response FROM idempotency_keys WHERE key = ? AND expires_at > ? AND response IS NOT NULL',
    )
    .pluck();
  const write = db.prepare(
    `INSERT INTO idempotency_keys (key, response, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at`,
  );
  const sweep = db.prepare(
    'DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires_at <= ? LIMIT 100)',
  );
  // one statement: the plan that stayed is the answer, whoever inserted it (an expired entry starts over)
  const keep = db
    .prepare(
      `INSERT INTO idempotency_keys AS kept (key, plan, expires_at) VALUES (@key, @plan, @expires)
       ON CONFLICT (key) DO UPDATE SET
         plan = CASE WHEN kept.expires_at <= @at OR kept.plan IS NULL THEN excluded.plan ELSE kept.plan END,
         response = CASE WHEN kept.expires_at <= @at THEN NULL ELSE kept.response END,
         expires_at = CASE WHEN kept.expires_at <= @at THEN excluded.expires_at ELSE kept.expires_at END
       RETURNING plan`,
    )
    .pluck();
  return {
    async get(key) {
      const text = read.get(key, now()) as string | undefined;
      return text === undefined ? undefined : (JSON.parse(text) as StoredResponse);
    },
    async put(key, response) {
      const at = now();
      write.run(key, JSON.stringify(response), at + ttlMs);
      sweep.run(at);
    },
    async claim(key, plan) {
      const at = now();
      const kept = keep.get({ key, plan: JSON.stringify(plan), expires: at + ttlMs, at }) as string;
      return JSON.parse(kept) as Plan;
    },
  };
}
