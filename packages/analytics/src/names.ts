import { isAcronym, type Word } from './text';

// Proper names (a person's name, a street) are what makes a subject line point at someone: no topic feature, term or
// example shows one. A word is taken for a name by how the whole corpus writes it (Russian, Kazakh and English all
// capitalise names inside a sentence and common words not): capitalised inside sentences more often than written
// in lower case; or, when it only ever opens a sentence, when it ends like a surname or patronymic.

const NAME_ENDING =
  /(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ын|ына|ович|евич|овна|евна|ична|ский|ская|цкий|цкая|ұлы|улы|қызы|кызы|son|sen)$/u;

/** The lower-case forms the corpus writes as proper names. */
export function properNames(documents: readonly (readonly Word[])[]): Set<string> {
  const tally = new Map<string, { inside: number; lower: number; opening: number }>();
  for (const doc of documents)
    for (const w of doc) {
      if (w.stop || isAcronym(w.surface)) continue;
      const t = tally.get(w.lower) ?? { inside: 0, lower: 0, opening: 0 };
      if (!w.capitalized) t.lower++;
      else if (w.initial) t.opening++;
      else t.inside++;
      tally.set(w.lower, t);
    }
  const names = new Set<string>();
  for (const [lower, t] of tally)
    if (t.inside > t.lower || (t.lower === 0 && t.inside === 0 && NAME_ENDING.test(lower))) names.add(lower);
  return names;
}
