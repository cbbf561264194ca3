import { createHash } from 'node:crypto';

// Text similarity for finding near-identical appeals: character trigrams of a normalised text, compared by Jaccard
// similarity, exactly or through bottom-k sketches of their keyed hashes (what the index keeps), and found through
// MinHash bands (locality-sensitive hashing) rather than by comparing every earlier appeal. docs/duplicates.md.

/** How similar two texts must be (Jaccard of their character trigrams) to count as near-identical. */
export const SIMILARITY_THRESHOLD = 0.5;
/** How many of a text's smallest trigram hashes the index keeps (a bottom-k sketch). */
export const SKETCH_SIZE = 128;
/** Hex characters of a trigram's keyed hash the sketch keeps (48 bits: no collisions among a text's trigrams). */
const HASH_CHARS = 12;

/**
 * The text as compared: Unicode-normalised (NFKC), lower case, ё as е, every run of punctuation, symbols and
 * whitespace as one space. Letters of Kazakh, Russian and English and digits stay as they are.
 *
 * @example
 * normalise('  Нет   ОТОПЛЕНИЯ!!! Ёлки…'); // 'нет отопления елки'
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The distinct character trigrams of a text after {@link normalise}, across word boundaries (` ` included). */
export function trigrams(text: string): Set<string> {
  const chars = [...` ${normalise(text)} `];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return grams;
}

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * A bottom-k sketch: the `size` smallest of a text's trigram hashes (hex of equal length sorts as numbers do). Two
 * texts' sketches estimate their Jaccard similarity ({@link estimateJaccard}); a text with fewer trigrams than
 * `size` keeps them all, and the estimate is then exact.
 */
export function sketchOf(trigramHashes: readonly string[], size = SKETCH_SIZE): string[] {
  return [...new Set(trigramHashes.map((h) => h.slice(0, HASH_CHARS)))].sort().slice(0, size);
}

/**
 * Jaccard similarity estimated from two bottom-k sketches: of the k smallest hashes of both together, the share
 * found in both (Broder's estimator; its standard error at k = 128 is at most ≈ 0.044). Sketches are sorted and
 * without repeats ({@link sketchOf}), so one merge of the two finds the k smallest: no set, no sort, no allocation
 * (the finder scores up to 200 candidates per filing).
 */
export function estimateJaccard(a: readonly string[], b: readonly string[], size = SKETCH_SIZE): number {
  let i = 0;
  let j = 0;
  let union = 0;
  let both = 0;
  while (union < size && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) i++;
    else if (x === undefined || y < x) j++;
    else {
      i++;
      j++;
      both++;
    }
    union++;
  }
  return union === 0 ? 0 : both / union;
}

/** MinHash bands of a text: {@link BANDS} bands of {@link ROWS} minimum hashes each (locality-sensitive hashing). */
export const BANDS = 20;
export const ROWS = 4;

/** A 32-bit mix (MurmurHash3's finaliser) of a trigram's keyed hash under the i-th seed: one of BANDS × ROWS hashes. */
const mix = (low: number, high: number, seed: number): number => {
  let x = (low ^ seed ^ Math.imul(high, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
};
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => mix(i + 1, 0x5bd1e995, 0x1b873593));

/**
 * The band keys of a text in a bucket (its category and region): for each of {@link BANDS} bands, a digest of the
 * bucket, the band's number and its {@link ROWS} minimum hashes over the text's trigram hashes. Two texts share a band
 * with probability 1 − (1 − s⁴)²⁰ for a Jaccard similarity s: 0.73 at s = 0.5, 0.94 at 0.6, 0.996 at 0.7, but 0.15
 * at 0.3 and 0.002 at 0.1 (appeals of one category share words), so an earlier appeal that may be a duplicate is
 * found by looking up 20 keys, whatever the number of appeals.
 */
export function bandKeys(trigramHashes: readonly string[], bucket: string): string[] {
  const minima = new Array<number>(BANDS * ROWS).fill(0xffffffff);
  for (const h of trigramHashes) {
    const low = Number.parseInt(h.slice(0, 8), 16);
    const high = Number.parseInt(h.slice(8, 12), 16);
    for (let i = 0; i < minima.length; i++) {
      const v = mix(low, high, SEEDS[i] as number);
      if (v < (minima[i] as number)) minima[i] = v;
    }
  }
  return Array.from({ length: BANDS }, (_, band) =>
    createHash('sha256')
      .update(`${bucket}|${band}|${minima.slice(band * ROWS, band * ROWS + ROWS).join('.')}`)
      .digest('base64url')
      .slice(0, 16),
  );
}
