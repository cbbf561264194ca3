import type Database from 'better-sqlite3';
import {
  ChainConflictError,
  type ChainLink,
  type ChainLinkText,
  type ChainStore,
  type SignedCheckpoint,
} from '@appeals/chain';
import { migrate } from './migrations';

/** SQLite's LIMIT takes -1 for "no limit". */
export const sqlLimit = (limit: number): number => (Number.isFinite(limit) ? limit : -1);

interface CheckpointRow {
  seq: number;
  chain_hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}
/**
 * Statements that read many rows run in raw mode: an array per row, turned into the answer's one object, instead
 * of an object per row copied into another (the whole-log check reads every row; ADR 0015).
 */
export const rawStatement = <Params extends unknown[], Row extends unknown[]>(
  db: Database.Database,
  sql: string,
): Database.Statement<Params, Row> => db.prepare<Params, Row>(sql).raw(true);

const LINK_COLUMNS = 'seq, event_id, stream_id, global_position, event_hash, chain_hash, checkpoint';
type LinkRow = [number, string, string, number, string, string, string];
/** A link's fields but the last column's (the cursor, or the head of its text). */
const linkFieldsOf = (r: LinkRow): ChainLinkText => ({
  seq: r[0],
  eventId: r[1],
  streamId: r[2],
  globalPosition: r[3],
  eventHash: r[4],
  chainHash: r[5],
});
const toLink = (r: LinkRow): ChainLink => Object.assign(linkFieldsOf(r), { checkpoint: r[6] });
/**
 * The head of a link's canonical text, `{"eventHash":…,"eventId":…,"globalPosition":…,"prev":`, put together in the
 * query as canonicalLinkText puts it together (json_quote quotes as JSON.stringify does), for the whole-log check
 * (ChainStore.linkTexts); a NULL field is left out (concat), and such a head matches no hash.
 */
const LINK_TEXT_HEAD = `concat('{"eventHash":', json_quote(event_hash), ',"eventId":', json_quote(event_id),
  ',"globalPosition":', global_position, ',"prev":')`;
const toLinkText = (r: LinkRow): ChainLinkText => {
  const link = linkFieldsOf(r);
  link.textHead = r[6];
  return link;
};
const toCheckpoint = (r: CheckpointRow): SignedCheckpoint => ({
  seq: r.seq,
  chainHash: r.chain_hash,
  signedAt: r.signed_at,
  keyId: r.key_id,
  signature: r.signature,
});

/**
 * The global chain (links and signed checkpoints) in an event store's database; pass the store or a connection.
 *
 * @example
 * const sealer = createChainSealer({ store, chain: createSqliteChainStore(store), signer });
 */
export function createSqliteChainStore(source: Database.Database | { db: Database.Database }): ChainStore {
  const db = 'prepare' in source ? source : source.db;
  if (!db.readonly) migrate(db);
  const head = rawStatement<[], LinkRow>(
    db,
    `SELECT ${LINK_COLUMNS} FROM chain_links ORDER BY seq DESC LIMIT 1`,
  );
  const insertLink = db.prepare<[number, string, string, number, string, string, string]>(
    `INSERT INTO chain_links (seq, event_id, stream_id, global_position, event_hash, chain_hash, checkpoint)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCheckpoint = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO chain_checkpoints (seq, chain_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (seq) DO NOTHING`,
  );
  const links = rawStatement<[number, number], LinkRow>(
    db,
    `SELECT ${LINK_COLUMNS} FROM chain_links WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const linkTexts = rawStatement<[number, number], LinkRow>(
    db,
    `SELECT seq, event_id, stream_id, global_position, event_hash, chain_hash, ${LINK_TEXT_HEAD}
     FROM chain_links WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const ofStream = rawStatement<[string], LinkRow>(
    db,
    `SELECT ${LINK_COLUMNS} FROM chain_links WHERE stream_id = ? ORDER BY seq`,
  );
  const checkpoints = db.prepare<[], CheckpointRow>('SELECT * FROM chain_checkpoints ORDER BY seq');
  const lastCheckpoint = db.prepare<[], CheckpointRow>(
    'SELECT * FROM chain_checkpoints ORDER BY seq DESC LIMIT 1',
  );
  const extend = db.transaction((batch: readonly ChainLink[], checkpoint?: SignedCheckpoint) => {
    const next = (head.get()?.[0] ?? 0) + 1;
    batch.forEach((l, i) => {
      if (l.seq !== next + i) throw new ChainConflictError(l.seq);
      insertLink.run(l.seq, l.eventId, l.streamId, l.globalPosition, l.eventHash, l.chainHash, l.checkpoint);
    });
    if (checkpoint)
      insertCheckpoint.run(
        checkpoint.seq,
        checkpoint.chainHash,
        checkpoint.signedAt,
        checkpoint.keyId,
        checkpoint.signature,
      );
  });
  return {
    async head() {
      const row = head.get();
      return row ? toLink(row) : undefined;
    },
    async extend(batch, checkpoint) {
      extend.immediate(batch, checkpoint);
    },
    async links({ afterSeq, limit }) {
      return links.all(afterSeq, sqlLimit(limit)).map(toLink);
    },
    async linkTexts({ afterSeq, limit }) {
      return linkTexts.all(afterSeq, sqlLimit(limit)).map(toLinkText);
    },
    async linksOfStream(streamId) {
      return ofStream.all(streamId).map(toLink);
    },
    async checkpoints() {
      return checkpoints.all().map(toCheckpoint);
    },
    async lastCheckpoint() {
      const row = lastCheckpoint.get();
      return row ? toCheckpoint(row) : undefined;
    },
  };
}
