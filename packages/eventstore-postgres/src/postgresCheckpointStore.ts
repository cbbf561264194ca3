import type { Pool } from 'pg';
import type { CheckpointStore } from '@appeals/eventstore';
import { quoteSchema } from './migrations';

/**
 * Subscription checkpoints in an event store's schema (the `checkpoints` table its migrations create).
 *
 * @example
 * const checkpoints = createPostgresCheckpointStore(pool, 'public');
 */
export function createPostgresCheckpointStore(pool: Pool, schema = 'public'): CheckpointStore {
  const s = quoteSchema(schema);
  return {
    async load(subscriptionId) {
      const { rows } = await pool.query<{ checkpoint: string }>(
        `SELECT checkpoint FROM ${s}.checkpoints WHERE subscription_id = $1`,
        [subscriptionId],
      );
      return rows[0]?.checkpoint;
    },
    async save(subscriptionId, checkpoint) {
      await pool.query(
        `INSERT INTO ${s}.checkpoints (subscription_id, checkpoint) VALUES ($1, $2)
         ON CONFLICT (subscription_id) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = now()`,
        [subscriptionId, checkpoint],
      );
    },
  };
}
