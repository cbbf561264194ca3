import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';
import { stemKazakh } from './kazakh';
import { STOPWORDS } from './stopwords';

/** The languages an appeal is written in (the contracts' LANGUAGES). */
export type TextLanguage = 'kk' | 'ru' | 'en';
export const TEXT_LANGUAGES: readonly TextLanguage[] = ['kk', 'ru', 'en'];

/** One word of a text as the topics read it. */
export interface Word {
  /** as written */
  surface: string;
  /** lower case */
  lower: string;
  /** its stem in the text's language: the feature TF-IDF counts */
  stem: string;
  /** begins with a capital letter */
  capitalized: boolean;
  /** the first word of its sentence (a capital there says nothing) */
  initial: boolean;
  /** a function word of the language (never a feature or a top term) */
  stop: boolean;
  /** where an identifier was masked (`…`): no word, a gap (counted as a function word) */
  gap: boolean;
}

/**
 * Identifiers that name or reach a person, matched before words are split: e-mail addresses, web addresses, and
 * any run of digits with the separators numbers are written with (IIN/BIN, phone numbers, house and flat numbers,
 * dates). Nothing of them is ever a feature, a term or part of an example: a topic is about words.
 */
const IDENTIFIERS = [
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu,
  /\b(?:https?:\/\/|www\.)\S+/giu,
  /\+?\d[\d\s().\-/]*\d|\d/gu,
];

/** Replaces every identifier in the text with a gap marker; answers the text and how many it replaced. */
export function maskIdentifiers(text: string): { text: string; masked: number } {
  let masked = 0;
  let out = text;
  for (const pattern of IDENTIFIERS)
    out = out.replace(pattern, () => {
      masked++;
      return ' \u2026 ';
    });
  return { text: out, masked };
}

const STEMMERS: Readonly<Record<TextLanguage, (word: string) => string>> = {
  ru: (w) => stemRussian(w.replace(/ё/g, 'е')),
  en: stemEnglish,
  kk: stemKazakh,
};

/** A word: letters, with inner hyphens or apostrophes (северо-восток, don't); or the gap of a masked identifier. */
const WORD = /\p{L}+(?:['’-]\p{L}+)*|\u2026/gu;
const GAP = '\u2026';
const SENTENCE_END = /[.!?…]\s*$/u;

/** The words of a text after its identifiers are masked, each with its stem and how it was written. */
export function words(text: string, language: TextLanguage): Word[] {
  const { text: clean } = maskIdentifiers(text);
  const lang = language;
  const out: Word[] = [];
  let from = 0;
  let initial = true;
  for (const match of clean.matchAll(WORD)) {
    const between = clean.slice(from, match.index);
    if (out.length > 0 && SENTENCE_END.test(between)) initial = true;
    const surface = match[0];
    from = (match.index ?? 0) + surface.length;
    if (surface === GAP) {
      out.push({ surface, lower: surface, stem: '', capitalized: false, initial, stop: true, gap: true });
      continue;
    }
    const lower = surface.toLocaleLowerCase(lang === 'en' ? 'en' : lang === 'kk' ? 'kk' : 'ru');
    const stop = STOPWORDS[lang].has(lower) || [...lower].length < 2;
    out.push({
      surface,
      lower,
      stem: stop ? lower : STEMMERS[lang](lower),
      capitalized: surface[0] !== lower[0],
      initial,
      stop,
      gap: false,
    });
    initial = false;
  }
  return out;
}

/** All capitals and short (ЦОН, ЖКХ, ҚР): an acronym of an institution, not a name. */
export const isAcronym = (surface: string): boolean =>
  [...surface].length <= 5 && [...surface].length >= 2 && surface === surface.toLocaleUpperCase();
