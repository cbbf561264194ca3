import { canonicalJson } from './canonicalJson';
import type { ChainEvent, ChainLog, ChainRecord } from './port';
import { CONTENT_ALTERED, canonicalEventTextOf, eventHash, sha256Hex } from './streamChain';

/**
 * Events as stored (ChainRecord), for the sealer and the verifiers: a store that keeps event data as text hands it
 * out unparsed (readRecords), and its hash is checked over that text (ADR 0015).
 */

/**
 * Why a stored event's content does not match its hash: the stored text is hashed as it is (what appends write
 * is canonical); only when that differs is the text parsed and canonicalised, as the hash is defined over the
 * values (rows written before the texts were canonical, another writer's formatting).
 */
export function recordContentProblem(record: ChainRecord): string | undefined {
  if (sha256Hex(canonicalEventTextOf(record, record.dataJson, record.metadataJson)) === record.hash)
    return undefined;
  let data: unknown;
  let metadata: unknown;
  try {
    data = JSON.parse(record.dataJson);
    metadata = JSON.parse(record.metadataJson);
  } catch {
    return 'the stored data or metadata is not JSON (altered)';
  }
  return eventHash({ ...record, data, metadata }) === record.hash ? undefined : CONTENT_ALTERED;
}

/** readAll's event as a record, for a store without readRecords. */
const asRecord = ({ data, metadata, ...rest }: ChainEvent): ChainRecord => ({
  ...rest,
  dataJson: canonicalJson(data),
  metadataJson: canonicalJson(metadata),
});

/** The store's pages of records: readRecords where it has it, else readAll's events serialised. */
export function recordReader(store: Pick<ChainLog, 'readAll' | 'readRecords'>) {
  const { readRecords } = store;
  return readRecords
    ? (after: string | undefined, limit: number) => readRecords.call(store, { after, limit })
    : async (after: string | undefined, limit: number) =>
        (await store.readAll({ after, limit })).map(asRecord);
}
