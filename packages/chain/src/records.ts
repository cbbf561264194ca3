import { canonicalJson } from './canonicalJson';
import type { ChainEvent, ChainLog, ChainRecord, ChainTextRecord } from './port';
import { CONTENT_ALTERED, canonicalEventTextOf, eventHash, sha256Hex } from './streamChain';

/**
 * Events as stored (ChainRecord), for the sealer and the verifiers: a store that keeps event data as text hands it
 * out unparsed (readRecords), and its hash is checked over that text (ADR 0015).
 */

/** Whether a stored event's text, as it is, hashes to its hash (recordContentProblem's first and cheap check). */
export const contentMatches = (record: ChainRecord): boolean =>
  sha256Hex(canonicalEventTextOf(record, record.dataJson, record.metadataJson)) === record.hash;

/**
 * Why a stored event's content does not match its hash: the stored text is hashed as it is (what appends write
 * is canonical); only when that differs is the text parsed and canonicalised, as the hash is defined over the
 * values (rows written before the texts were canonical, another writer's formatting).
 */
export function recordContentProblem(record: ChainRecord): string | undefined {
  if (contentMatches(record)) return undefined;
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

/**
 * A page of the log for the whole-log check: events whose content was found to match its hash already (`sound`:
 * the store's canonical texts, ChainTextRecord) or records whose content the check still judges (recordContentProblem).
 */
export type CheckPage =
  | { sound: true; rows: readonly ChainTextRecord[] }
  | { sound: false; rows: readonly ChainRecord[] };

/** The events of a CheckPage: what the check links, without the content it hashes. */
export type CheckedEvent = ChainTextRecord | ChainRecord;

/** Reads the page of at most `limit` events after the cursor `after`. */
export type CheckPages = (after: string | undefined, limit: number) => Promise<CheckPage>;

/** Whether every event's canonical text hashes to its hash. */
const allSound = (rows: readonly ChainTextRecord[]): boolean => {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as ChainTextRecord;
    if (sha256Hex(r.canonicalText) !== r.hash) return false;
  }
  return true;
};

/**
 * The store's pages for the whole-log check: its canonical texts where it offers readChainTexts, hashed here; a page
 * with any event whose text does not match is read again as records (the same cursor and limit) and judged as
 * before, so a bad or merely non-canonical event is reported as a run without the texts reports it.
 */
export function checkPageReader(
  store: Pick<ChainLog, 'readAll' | 'readRecords' | 'readChainTexts'>,
): CheckPages {
  const records = recordReader(store);
  const { readChainTexts } = store;
  if (readChainTexts === undefined)
    return async (after, limit) => ({ sound: false, rows: await records(after, limit) });
  return async (after, limit) => {
    const rows = await readChainTexts.call(store, { after, limit });
    return allSound(rows) ? { sound: true, rows } : { sound: false, rows: await records(after, limit) };
  };
}
