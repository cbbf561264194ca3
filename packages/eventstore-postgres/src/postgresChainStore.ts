import type { Pool } from 'pg';
import { ChainConflictError, type ChainLink, type ChainStore, type SignedCheckpoint } from '@appeals/chain';
import { checkOut } from './checkedOut';
import { decodeCheckpoint, encodeCheckpoint, type LogPosition } from './checkpoint';
import { LOCK_NAMESPACE, quoteSchema } from './migrations';
import { isDatabaseError, sqlLimit } from './rows';

interface LinkRow {
  seq: string;
  event_id: string;
  stream_id: string;
  global_position: string;
  event_hash: string;
  chain_hash: string;
  checkpoint: string;
}
interface CheckpointRow {
  seq: string;
  chain_hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}
const LINK_COLUMNS =
  'seq, event_id::text AS event_id, stream_id, global_position, event_hash, chain_hash, checkpoint';
const toLink = (r: LinkRow): ChainLink => ({
  seq: Number(r.seq),
  eventId: r.event_id,
  streamId: r.stream_id,
  globalPosition: Number(r.global_position),
  eventHash: r.event_hash,
  chainHash: r.chain_hash,
  checkpoint: r.checkpoint,
});
const toSignedCheckpoint = (r: CheckpointRow): SignedCheckpoint => ({
  seq: Number(r.seq),
  chainHash: r.chain_hash,
  signedAt: r.signed_at,
  keyId: r.key_id,
  signature: r.signature,
});

const logOrder = (a: LogPosition, b: LogPosition): number => {
  const [x, y] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  return x === y ? a.globalPosition - b.globalPosition : x < y ? -1 : 1;
};

/**
 * Where links would break the chain's promise that it follows readAll's order (each link's place in the log after
 * the one before, the first after the head's); undefined when they keep it. Cheap: the places are in the links.
 */
function outOfLogOrder(headCheckpoint: string | undefined, links: readonly ChainLink[]): string | undefined {
  let before = headCheckpoint === undefined ? undefined : decodeCheckpoint(headCheckpoint);
  let label = 'the head';
  for (const link of links) {
    const place = decodeCheckpoint(link.checkpoint);
    if (before !== undefined && place !== undefined && logOrder(before, place) >= 0)
      return `link ${link.seq} (${link.checkpoint}) is not after ${label} (${encodeCheckpoint(before)})`;
    before = place;
    label = `link ${link.seq}`;
  }
  return undefined;
}

/**
 * What an auditor (and whoever debugs the sealer) needs when a step would link an event already linked: where it
 * was linked, and the places in the log (checkpoints) of this step's links, so the two orders can be compared.
 */
async function linkedTwice(
  pool: Pool,
  schema: string,
  links: readonly ChainLink[],
  cause: Error,
): Promise<Error> {
  const { rows } = await pool
    .query<{ seq: string; event_id: string; checkpoint: string }>(
      `SELECT seq, event_id::text AS event_id, checkpoint FROM ${quoteSchema(schema)}.chain_links
       WHERE event_id = ANY($1::uuid[]) ORDER BY seq`,
      [links.map((l) => l.eventId)],
    )
    .catch(() => ({ rows: [] }));
  const earlier = rows.map((r) => `${r.event_id} at seq ${r.seq} (log place ${r.checkpoint})`).join(', ');
  const step = links.map((l) => `${l.seq}:${l.eventId}@${l.checkpoint}`).join(', ');
  return new Error(`Global chain: a step would link events already linked: ${earlier}; the step: ${step}`, {
    cause,
  });
}

/**
 * Extends the chain in one transaction. Extends of one chain queue on an advisory lock; the loser then reads the
 * winner's committed head and gives up at once (ChainConflictError).
 */
async function extendChain(
  pool: Pool,
  schema: string,
  links: readonly ChainLink[],
  checkpoint: SignedCheckpoint | undefined,
): Promise<void> {
  const s = quoteSchema(schema);
  const held = await checkOut(pool);
  const { client } = held;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    // Extends of one chain queue here. The loser then reads the winner's committed head and gives up at once,
    // instead of inserting into the same primary-key slots, waiting on the winner's uncommitted rows and
    // aborting with a unique violation. No xid is assigned yet, so a waiting sealer holds no reader back.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE.chain, schema]);
    const first = links[0];
    if (first !== undefined) {
      const { rows } = await client.query<{ seq: string; checkpoint: string }>(
        `SELECT seq, checkpoint FROM ${s}.chain_links ORDER BY seq DESC LIMIT 1`,
      );
      const head = Number(rows[0]?.seq ?? 0);
      if (first.seq !== head + 1) throw new ChainConflictError(first.seq, `the chain's head is now ${head}`);
      const disorder = outOfLogOrder(rows[0]?.checkpoint, links);
      if (disorder)
        throw new Error(`Global chain: a step's links do not follow the log's order: ${disorder}`);
      await client.query(
        `INSERT INTO ${s}.chain_links (seq, event_id, stream_id, global_position, event_hash, chain_hash, checkpoint)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])`,
        [
          links.map((l) => l.seq),
          links.map((l) => l.eventId),
          links.map((l) => l.streamId),
          links.map((l) => l.globalPosition),
          links.map((l) => l.eventHash),
          links.map((l) => l.chainHash),
          links.map((l) => l.checkpoint),
        ],
      );
    }
    if (checkpoint) {
      await client.query(
        `INSERT INTO ${s}.chain_checkpoints (seq, chain_hash, signed_at, key_id, signature)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING`,
        [checkpoint.seq, checkpoint.chainHash, checkpoint.signedAt, checkpoint.keyId, checkpoint.signature],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    // Only a seq taken meanwhile is a race; an event linked twice is a fault the sealer must report, not retry.
    if (isDatabaseError(error) && error.code === '23505' && error.constraint === 'chain_links_pkey')
      throw new ChainConflictError(links[0]?.seq ?? 0, 'seq already linked');
    if (isDatabaseError(error) && error.code === '23505' && error.constraint === 'chain_links_event_id_key')
      throw await linkedTwice(pool, schema, links, error);
    throw error;
  } finally {
    held.release(broken);
  }
}

/**
 * The global chain (links and signed checkpoints) in an event store's schema. Sealers in several processes may
 * extend it at once: a link's seq is its primary key, so the slower one gets ChainConflictError and starts again.
 *
 * @example
 * const sealer = createChainSealer({ store, chain: createPostgresChainStore(pool, schema), signer });
 */
export function createPostgresChainStore(pool: Pool, schema = 'public'): ChainStore {
  const s = quoteSchema(schema);
  return {
    async head() {
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM ${s}.chain_links ORDER BY seq DESC LIMIT 1`,
      );
      return rows[0] ? toLink(rows[0]) : undefined;
    },
    extend: (links, checkpoint) => extendChain(pool, schema, links, checkpoint),
    async links({ afterSeq, limit }) {
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM ${s}.chain_links WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, sqlLimit(limit)],
      );
      return rows.map(toLink);
    },
    async linksOfStream(streamId) {
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM ${s}.chain_links WHERE stream_id = $1 ORDER BY seq`,
        [streamId],
      );
      return rows.map(toLink);
    },
    async checkpoints() {
      const { rows } = await pool.query<CheckpointRow>(`SELECT * FROM ${s}.chain_checkpoints ORDER BY seq`);
      return rows.map(toSignedCheckpoint);
    },
    async lastCheckpoint() {
      const { rows } = await pool.query<CheckpointRow>(
        `SELECT * FROM ${s}.chain_checkpoints ORDER BY seq DESC LIMIT 1`,
      );
      return rows[0] ? toSignedCheckpoint(rows[0]) : undefined;
    },
  };
}
