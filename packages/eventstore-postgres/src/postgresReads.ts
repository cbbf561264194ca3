import type { Pool } from 'pg';
import { normalizeReadAllOptions, normalizeReadStreamOptions, type EventStore } from '@appeals/eventstore';
import { decodeCheckpoint } from './checkpoint';
import { quoteSchema } from './migrations';
import { COLUMNS, sqlLimit, toStoredEvent, type EventRow } from './rows';

export interface PostgresReadsOptions {
  pool: Pool;
  schema: string;
  /** woken when a read finds committed events held back above the watermark (appendSignals.ts) */
  heldBack: { wakeSoon(): void; clear(): void };
}

/**
 * The store's reads. `readAll` returns only events whose transaction is older than every transaction still
 * running, ordered by (transaction id, global position): see createPostgresEventStore.
 */
export function createPostgresReads(
  options: PostgresReadsOptions,
): Required<Pick<EventStore, 'readStream' | 'readAll' | 'headPosition'>> {
  const { pool, heldBack } = options;
  const s = quoteSchema(options.schema);
  return {
    async readStream(streamId, readOptions) {
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      if (maxCount === 0) return [];
      const { rows } = await pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM ${s}.events
         WHERE stream_id = $1 AND stream_position >= $2
         ORDER BY stream_position LIMIT $3`,
        [streamId, fromPosition, sqlLimit(maxCount)],
      );
      return rows.map(toStoredEvent);
    },

    async readAll(readOptions) {
      const { limit } = normalizeReadAllOptions({ limit: readOptions?.limit });
      const after = decodeCheckpoint(readOptions?.after);
      if (limit === 0) return [];
      // The watermark: a transaction id below the snapshot's xmin belongs to a transaction that has ended, and
      // every transaction still running (or yet to start) has an id at or above it. It is taken once, with the
      // statement's own snapshot, and bounds the index scan; `held_back` says whether committed events wait above
      // it (the same snapshot), so the listeners are woken again once it may have moved.
      // Qualified (ev.): COLUMNS hands the transaction id out as text under its own name, and an ORDER BY naming
      // `transaction_id` alone would sort by that output column, as text ("10" before "9"): the log's order would
      // break wherever transaction ids gain a digit.
      const page =
        after === undefined ? '' : 'AND (ev.transaction_id, ev.global_position) > ($2::xid8, $3::bigint)';
      const { rows } = await pool.query<Partial<EventRow> & { held_back: boolean }>(
        `SELECT w.held_back, e.* FROM (
           SELECT x.xmin, EXISTS (SELECT 1 FROM ${s}.events WHERE transaction_id >= x.xmin) AS held_back
           FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) x
         ) w LEFT JOIN LATERAL (
           SELECT ${COLUMNS} FROM ${s}.events ev WHERE ev.transaction_id < w.xmin ${page}
           ORDER BY ev.transaction_id, ev.global_position LIMIT $1
         ) e ON true`,
        after === undefined
          ? [sqlLimit(limit)]
          : [sqlLimit(limit), after.transactionId, after.globalPosition],
      );
      if (rows[0]?.held_back) heldBack.wakeSoon();
      else heldBack.clear();
      return rows.filter((row) => row.event_id != null).map((row) => toStoredEvent(row as EventRow));
    },

    async headPosition() {
      // the sequence may skip a position (an append rolled back): an upper bound of the events, off the primary key
      const { rows } = await pool.query<{ head: string | null }>(
        `SELECT max(global_position) AS head FROM ${s}.events`,
      );
      return Number(rows[0]?.head ?? 0);
    },
  };
}
