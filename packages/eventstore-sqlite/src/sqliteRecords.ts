import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { CHAIN_VERSION, type ChainRecord, type ChainTextRecord } from '@appeals/chain';
import type { EventMetadata, ReadAllOptions, StoredEvent } from '@appeals/eventstore';
import { checkpointOfGlobalPosition, normalizeReadAllOptions } from '@appeals/eventstore/read-options';
import { rawStatement, sqlLimit } from './sqliteChainStore';

/**
 * The log as a verifier reads it (ChainLog.readRecords), on any connection to the file: the store's own, or the
 * one a verifier's worker thread opens (chainLogSource.ts, which loads no more than this and the chain store).
 */

/**
 * What a verifier reads of a row, in raw mode (an array per row, not an object): the whole-log check reads every
 * row, and each object better-sqlite3 builds and each copy of it costs more than the row's SHA-256 (ADR 0015).
 */
const RECORD_COLUMNS =
  'global_position, event_id, stream_id, stream_position, type, time, data, metadata, prev_stream_hash, hash';
type RecordRow = [
  number,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
];

/**
 * An event's canonical text put together in the query, as `canonicalEventTextOf` puts it together from the stored
 * texts (json_quote writes a string as JSON.stringify does; the position is an INTEGER column), so that the
 * whole-log check reads one string per event and builds none of its parts (ChainLog.readChainTexts). `concat` (one
 * allocation, where each `||` makes another string) leaves a NULL field out: such a text matches no hash, and the
 * verifier then reads the page as records.
 */
const CANONICAL_TEXT = `concat('{"data":', data, ',"id":', json_quote(event_id), ',"metadata":', metadata,
  ',"prevStreamHash":', json_quote(prev_stream_hash), ',"streamId":', json_quote(stream_id),
  ',"streamPosition":', stream_position, ',"time":', json_quote(time), ',"type":', json_quote(type),
  ',"v":${CHAIN_VERSION}}')`;
type TextRow = [number, string, string, number, string | null, string | null, string];

const toChainText = (r: TextRow): ChainTextRecord => ({
  id: r[1],
  streamId: r[2],
  streamPosition: r[3],
  globalPosition: r[0],
  checkpoint: checkpointOfGlobalPosition(r[0]),
  prevStreamHash: r[4],
  hash: r[5] ?? '',
  canonicalText: r[6],
});

/** A row as a verifier reads it: data and metadata as stored, not parsed (ChainLog.readRecords); one object. */
const toChainRecord = (r: RecordRow): ChainRecord => ({
  id: r[1],
  type: r[4],
  time: r[5],
  streamId: r[2],
  streamPosition: r[3],
  globalPosition: r[0],
  checkpoint: checkpointOfGlobalPosition(r[0]),
  prevStreamHash: r[8],
  hash: r[9] ?? '',
  dataJson: r[6],
  metadataJson: r[7],
});

/** A row as readAll hands it out: data and metadata parsed. */
const toStoredEvent = (r: RecordRow): StoredEvent => {
  const { dataJson, metadataJson, ...place } = toChainRecord(r);
  return {
    ...place,
    data: JSON.parse(dataJson) as unknown,
    metadata: JSON.parse(metadataJson) as EventMetadata,
  };
};

/**
 * readAll (events, data and metadata parsed) and readRecords (ChainLog.readRecords: as stored, data and metadata as
 * their text), both off one raw statement: a rebuild or a relay reads every row too.
 */
export function sqliteLogReaders(db: Database.Database) {
  const select = rawStatement<[number, number], RecordRow>(
    db,
    `SELECT ${RECORD_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
  );
  const texts = rawStatement<[number, number], TextRow>(
    db,
    `SELECT global_position, event_id, stream_id, stream_position, prev_stream_hash, hash, ${CANONICAL_TEXT}
     FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
  );
  const page = <Row extends unknown[]>(
    statement: Statement<[number, number], Row>,
    options?: ReadAllOptions,
  ) => {
    const { afterPosition, limit } = normalizeReadAllOptions(options);
    return statement.all(afterPosition, sqlLimit(limit));
  };
  return {
    readAll: async (options?: ReadAllOptions): Promise<StoredEvent[]> =>
      page(select, options).map(toStoredEvent),
    readRecords: async (options?: ReadAllOptions): Promise<ChainRecord[]> =>
      page(select, options).map(toChainRecord),
    readChainTexts: async (options?: ReadAllOptions): Promise<ChainTextRecord[]> =>
      page(texts, options).map(toChainText),
  };
}

/** Which share of a log's streams to read, and up to which global position (a rebuild's fold thread). */
export interface ShareReadOptions {
  /** the cursor to read after (readAll's checkpoint) */
  after?: string | undefined;
  /** global positions to read past `after`: a window, the same for every share */
  limit: number;
  /** the last global position to read */
  until: number;
  share: { index: number; of: number };
}

/** One window of the log for one share: its records, the events of the whole window, and the cursor after it. */
export interface SharePage {
  records: ChainRecord[];
  events: number;
  checkpoint: string;
  /** the window reached `until` */
  last: boolean;
}

/**
 * A share of the log's streams read window by window (a rebuild's fold thread, one share per thread): the rows of
 * the positions after the cursor, up to `limit` positions and `until`, whose stream falls in the share. The share
 * of a stream is worked out in the query from the last two characters of its id, so a thread reads and builds only
 * its own rows; every thread's windows end at the same positions.
 */
export function sqliteShareReader(db: Database.Database) {
  const select = rawStatement<[number, number, number, number], RecordRow>(
    db,
    `SELECT ${RECORD_COLUMNS} FROM events WHERE global_position > ? AND global_position <= ?
     AND (unicode(substr(stream_id, -1)) + 31 * unicode(substr(stream_id, -2, 1))) % ? = ? ORDER BY global_position`,
  );
  const count = db.prepare<[number, number], number>(
    'SELECT count(*) FROM events WHERE global_position > ? AND global_position <= ?',
  );
  count.pluck();
  return async (options: ShareReadOptions): Promise<SharePage> => {
    const { afterPosition } = normalizeReadAllOptions({ after: options.after });
    const end = Math.min(afterPosition + options.limit, options.until);
    if (end <= afterPosition)
      return { records: [], events: 0, checkpoint: checkpointOfGlobalPosition(afterPosition), last: true };
    const { index, of } = options.share;
    return {
      records: select.all(afterPosition, end, of, index).map(toChainRecord),
      events: count.get(afterPosition, end)!,
      checkpoint: checkpointOfGlobalPosition(end),
      last: end >= options.until,
    };
  };
}

/** readAll's events as stored, data and metadata as their text (ChainLog.readRecords), and their canonical texts. */
export function sqliteRecordReaders(db: Database.Database) {
  const { readRecords, readChainTexts } = sqliteLogReaders(db);
  return { readRecords, readChainTexts };
}
