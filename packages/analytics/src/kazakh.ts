// A light stemmer for Kazakh (no Snowball stemmer exists for it): strips inflectional endings — case, possessive,
// plural — from the end, longest first, again until none applies, keeping a stem of at least two letters; a stem
// left ending in the voiced form of a final consonant (ғ, г, б before a vowel ending: жарығы → жарығ) gets its
// dictionary form back (жарық). It conflates the inflected forms of one word (жол, жолы, жолдар, жолдарды, жолға);
// like every light stemmer it sometimes cuts a word that merely ends like a suffix, but it cuts every form of that
// word alike, which is all TF-IDF needs.

/** Endings by length, longest first within each list (each pass tries them in this order). */
const ENDINGS = [
  // locative-attributive, ablative, instrumental, genitive
  'дағы',
  'дегі',
  'тағы',
  'тегі',
  'ндағы',
  'ндегі',
  'менен',
  'бенен',
  'пенен',
  'ымыз',
  'іміз',
  'ыңыз',
  'іңіз',
  'ның',
  'нің',
  'дың',
  'дің',
  'тың',
  'тің',
  'дан',
  'ден',
  'тан',
  'тен',
  'нан',
  'нен',
  'нда',
  'нде',
  'нан',
  'ға',
  'ге',
  'қа',
  'ке',
  'на',
  'не',
  'лар',
  'лер',
  'дар',
  'дер',
  'тар',
  'тер',
  'мыз',
  'міз',
  'ңыз',
  'ңіз',
  'сыз',
  'сіз',
  'сын',
  'сін',
  'ын',
  'ін',
  'да',
  'де',
  'та',
  'те',
  'ны',
  'ні',
  'ды',
  'ді',
  'ты',
  'ті',
  'сы',
  'сі',
  'ым',
  'ім',
  'ың',
  'ің',
  'ы',
  'і',
].sort((a, b) => b.length - a.length);

const VOICED_FINAL: Readonly<Record<string, string>> = { ғ: 'қ', г: 'к', б: 'п' };
const VOWELS = new Set([...'аәеёиоөуұүыіэюя']);
const MIN_STEM = 2;
const MAX_PASSES = 4;

/** The stem of a lower-case Kazakh word. */
export function stemKazakh(word: string): string {
  let stem = word;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const ending = ENDINGS.find((e) => stem.endsWith(e) && [...stem].length - [...e].length >= MIN_STEM);
    if (!ending) break;
    stem = stem.slice(0, stem.length - ending.length);
    const last = stem.at(-1) ?? '';
    if (VOWELS.has(ending[0] ?? '') && VOICED_FINAL[last]) stem = stem.slice(0, -1) + VOICED_FINAL[last];
  }
  return stem;
}
