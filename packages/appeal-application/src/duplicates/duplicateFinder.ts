import type { Applicant, PossibleDuplicate } from '@appeals/contracts';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import { bandKeys, BANDS, estimateJaccard, SIMILARITY_THRESHOLD, sketchOf, trigrams } from './similarity';

/** The read-store collection of the duplicate index: one entry per appeal filed directly. */
export const DUPLICATE_INDEX = 'appeal_match';
/** Earlier appeals compared by text: those registered in the last year in the same category and region… */
const WINDOW_MS = 365 * 86_400_000;
/** …sharing a MinHash band with the new text, the earliest this many per band (bounds the work of one filing). */
const PER_BAND = 10;
/** Band look-ups sent together (one round trip to a networked read store) before checking whether to stop. */
const BANDS_AT_ONCE = 5;
/** At most this many similar texts, and this many earlier appeals of the same applicant, are reported. */
const MAX_REPORTED = 10;
/** Revisions of an index entry: written once, scrubbed once (a scrub outranks a late write). */
const REVISION = { indexed: 1, erased: 2 } as const;
const SCRUB_PAGE = 200;

/**
 * What the index keeps of an appeal: no clear personal data. The applicant's IIN/BIN only as a keyed hash (blind
 * index), the text only as a bottom-k sketch and MinHash band keys of its trigrams' keyed hashes; the account id is the provider's opaque
 * `sub`, clear in the views already. Scrubbed when the applicant's data is erased.
 */
export interface IndexEntry {
  appealId: string;
  registrationNumber: string;
  /** the data subject, for the scrub on erasure */
  subjectId: string;
  categoryId: string;
  regionKato: string;
  registeredAt: string;
  identityKey?: string;
  accountId?: string;
  sketch: string[];
  /** the text's MinHash band keys in its category and region: band0 … band19 (similarity.ts, bandKeys) */
  [band: `band${number}`]: string;
}

const bandField = (band: number) => `band${band}` as const;

/** A new appeal as intake compares it, before it is filed. */
export interface DuplicateQuery {
  categoryId: string;
  regionKato: string;
  text: string;
  applicant: Applicant;
  accountId?: string | undefined;
  now: Date;
}

/** What a check found, and the index entry to keep once the appeal is filed. */
export interface DuplicateCheck {
  matches: PossibleDuplicate[];
  threshold: number;
  /** the new appeal's entry, completed with what its registration decided */
  entry(
    filed: Pick<IndexEntry, 'appealId' | 'registrationNumber' | 'registeredAt' | 'subjectId'>,
  ): IndexEntry;
}

/** The IIN of an individual or the BIN of a legal entity (an entrepreneur's BIN is their IIN). */
const identityNumber = (applicant: Applicant): string | undefined =>
  applicant.type === 'individual' ? applicant.iin : applicant.type === 'legal' ? applicant.bin : undefined;

const newestFirst: Array<[string, 'desc']> = [['registeredAt', 'desc']];
const oldestFirst: Array<[string, 'asc']> = [['registeredAt', 'asc']];

/** Earlier appeals of the same applicant and with a near-identical text, each once, with its reasons and score. */
function matchesOf(
  sketch: string[],
  sameApplicant: IndexEntry[],
  candidates: IndexEntry[],
): PossibleDuplicate[] {
  const found = new Map<string, PossibleDuplicate>();
  const add = (e: IndexEntry, reason: PossibleDuplicate['reasons'][number], score: number) => {
    const seen = found.get(e.appealId);
    const reasons = [...new Set([...(seen?.reasons ?? []), reason])];
    found.set(e.appealId, { appealId: e.appealId, registrationNumber: e.registrationNumber, reasons, score });
  };
  const similar = candidates
    .map((e) => ({ e, score: estimateJaccard(sketch, e.sketch) }))
    .filter(({ score }) => score >= SIMILARITY_THRESHOLD)
    .sort((x, y) => y.score - x.score)
    .slice(0, MAX_REPORTED);
  for (const { e, score } of similar) add(e, 'similar_text', score);
  for (const e of sameApplicant.slice(0, MAX_REPORTED))
    add(e, 'same_applicant', estimateJaccard(sketch, e.sketch));
  return [...found.values()];
}

type Find = (
  where: Record<string, string | { gte: string }>,
  limit: number,
  sort?: Array<[string, 'asc' | 'desc']>,
) => Promise<IndexEntry[]>;

/**
 * Earlier appeals of the last year that share a band with the new text (same category and region: the bucket is in
 * the key), band by band, until {@link MAX_REPORTED} of them are near-identical: a text filed many times over finds
 * its twins in the first band, an unusual one costs one index look-up per band.
 */
async function similarCandidates(find: Find, sketch: string[], bands: string[], since: string) {
  const found = new Map<string, IndexEntry>();
  let similar = 0;
  // a few bands at a time: one round trip for several look-ups on a networked read store, and still an early stop
  for (let first = 0; first < bands.length && similar < MAX_REPORTED; first += BANDS_AT_ONCE) {
    const rounds = bands.slice(first, first + BANDS_AT_ONCE).map((key, i) =>
      // oldest first within the year: the order of the band's index (band, registeredAt, id), so the look-up reads
      // PER_BAND entries and stops, where newest first would sort every entry of a band shared ten thousand times
      find({ [bandField(first + i)]: key, registeredAt: { gte: since } }, PER_BAND, oldestFirst),
    );
    for (const e of (await Promise.all(rounds)).flat()) {
      if (found.has(e.appealId)) continue;
      found.set(e.appealId, e);
      if (estimateJaccard(sketch, e.sketch) >= SIMILARITY_THRESHOLD) similar += 1;
    }
  }
  return [...found.values()];
}

/**
 * Finds earlier appeals a new one may repeat (docs/duplicates.md): of the same applicant (IIN/BIN through its blind
 * index, or the same account), and with a near-identical text in the same category and region (Jaccard of
 * character trigrams ≥ {@link SIMILARITY_THRESHOLD}, estimated from sketches), found through MinHash bands. Intake checks before filing and
 * keeps the entry once filed; an erasure scrubs the subject's entries.
 *
 * @example
 * const finder = createDuplicateFinder({ views, vault });
 * const check = await finder.check({ categoryId, regionKato, text, applicant, now });
 * // … file the appeal, recording check.matches …
 * await finder.remember(check.entry({ appealId, registrationNumber, registeredAt, subjectId }));
 */
export function createDuplicateFinder({ views, vault }: { views: ReadStore; vault: PersonalDataVault }) {
  // findItems: the first few of a key, without counting every match (a text filed ten thousand times over)
  const find: Find = (where, limit, sort = newestFirst) =>
    views.findItems<IndexEntry>(DUPLICATE_INDEX, { where, sort, limit });

  return {
    async check(query: DuplicateQuery): Promise<DuplicateCheck> {
      const number = identityNumber(query.applicant);
      const [gramHashes, [identityKey]] = await Promise.all([
        vault.blindIndex('text', [...trigrams(query.text)]),
        number ? vault.blindIndex('identity', [number]) : Promise.resolve([undefined]),
      ]);
      const sketch = sketchOf(gramHashes);
      const bands = bandKeys(gramHashes, `${query.categoryId}|${query.regionKato}`);
      const since = new Date(query.now.getTime() - WINDOW_MS).toISOString();
      const [byIdentity, byAccount, candidates] = await Promise.all([
        identityKey ? find({ identityKey }, MAX_REPORTED) : [],
        query.accountId ? find({ accountId: query.accountId }, MAX_REPORTED) : [],
        similarCandidates(find, sketch, bands, since),
      ]);
      const sameApplicant = [...new Map([...byIdentity, ...byAccount].map((e) => [e.appealId, e])).values()];
      return {
        matches: matchesOf(sketch, sameApplicant, candidates),
        threshold: SIMILARITY_THRESHOLD,
        entry: (filed) => ({
          ...filed,
          categoryId: query.categoryId,
          regionKato: query.regionKato,
          ...(identityKey ? { identityKey } : {}),
          ...(query.accountId ? { accountId: query.accountId } : {}),
          sketch,
          ...Object.fromEntries(bands.map((key, band) => [bandField(band), key])),
        }),
      };
    },

    /** Keeps a filed appeal's entry (once: a repeat, or a write after its scrub, changes nothing). */
    async remember(entry: IndexEntry): Promise<void> {
      await views.upsert(DUPLICATE_INDEX, entry.appealId, { ...entry }, REVISION.indexed);
    },

    /** Replaces every entry of an erased subject by a marker that matches nothing. */
    async forget(subjectId: string): Promise<void> {
      for (let offset = 0; ; offset += SCRUB_PAGE) {
        const page = await views.find<IndexEntry>(DUPLICATE_INDEX, {
          where: { subjectId },
          sort: [['appealId', 'asc']],
          limit: SCRUB_PAGE,
          offset,
        });
        for (const e of page.items)
          await views.upsert(
            DUPLICATE_INDEX,
            e.appealId,
            { appealId: e.appealId, subjectId, erased: true },
            REVISION.erased,
          );
        if (page.items.length < SCRUB_PAGE) return;
      }
    },

    /** Declares the fields the checks query by. */
    async ensureIndexes(): Promise<void> {
      await views.ensureIndex(DUPLICATE_INDEX, ['identityKey']);
      await views.ensureIndex(DUPLICATE_INDEX, ['accountId']);
      for (let band = 0; band < BANDS; band++)
        await views.ensureIndex(DUPLICATE_INDEX, [bandField(band), 'registeredAt']);
      await views.ensureIndex(DUPLICATE_INDEX, ['subjectId']);
    },
  };
}
export type DuplicateFinder = ReturnType<typeof createDuplicateFinder>;
