import type { SparseVector } from './kmeans';
import type { Word } from './text';

/** The terms (stems) of a corpus that count, with their inverse document frequency and a word to show for each. */
export interface Vocabulary {
  /** stem → index */
  index: Map<string, number>;
  stems: string[];
  /** smooth idf: ln((1 + n) / (1 + df)) + 1 */
  idf: number[];
  /** documents holding the term */
  df: number[];
  /** the lower-case form the corpus writes the stem most often in */
  display: string[];
}

/** Whether a term may be shown (a top term, a word of an example): at least `minShown` appeals use it. */
export const shownTerm = (vocabulary: Vocabulary, stem: string, minShown: number): boolean => {
  const i = vocabulary.index.get(stem);
  return i !== undefined && vocabulary.df[i]! >= minShown;
};

/**
 * The vocabulary of analysed documents: every stem that is no function word, no proper name, and occurs in at least
 * `minDocuments` documents (two: a term no two appeals share says nothing about their likeness). What is shown is
 * stricter ({@link shownTerm}).
 */
export function buildVocabulary(
  documents: readonly (readonly Word[])[],
  names: ReadonlySet<string>,
  minDocuments: number,
): Vocabulary {
  const df = new Map<string, number>();
  const forms = new Map<string, Map<string, number>>();
  for (const doc of documents) {
    const seen = new Set<string>();
    for (const w of doc) {
      if (w.stop || names.has(w.lower)) continue;
      if (!seen.has(w.stem)) {
        seen.add(w.stem);
        df.set(w.stem, (df.get(w.stem) ?? 0) + 1);
      }
      const f = forms.get(w.stem) ?? new Map<string, number>();
      f.set(w.lower, (f.get(w.lower) ?? 0) + 1);
      forms.set(w.stem, f);
    }
  }
  const stems = [...df.keys()].filter((s) => df.get(s)! >= minDocuments).sort();
  const n = documents.length;
  const mostFrequent = (f: Map<string, number>) =>
    [...f].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  return {
    index: new Map(stems.map((s, i) => [s, i])),
    stems,
    df: stems.map((s) => df.get(s)!),
    idf: stems.map((s) => Math.log((1 + n) / (1 + df.get(s)!)) + 1),
    display: stems.map((s) => mostFrequent(forms.get(s)!)),
  };
}

/** The document's unit TF-IDF vector over the vocabulary (sublinear tf: 1 + ln count); empty when no term counts. */
export function vectorize(
  doc: readonly Word[],
  vocabulary: Vocabulary,
  names: ReadonlySet<string>,
): SparseVector {
  const counts = new Map<number, number>();
  for (const w of doc) {
    const i = vocabulary.index.get(w.stem);
    if (i !== undefined && !w.stop && !names.has(w.lower)) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const idx = [...counts.keys()].sort((a, b) => a - b);
  const raw = idx.map((i) => (1 + Math.log(counts.get(i)!)) * vocabulary.idf[i]!);
  const norm = Math.hypot(...raw);
  return { idx, val: norm > 0 ? raw.map((x) => x / norm) : [] };
}
