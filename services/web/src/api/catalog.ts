import type { Catalog, Localized } from './types';

/** A name in the reader's language, else Russian, else English, else Kazakh, else the fallback. */
export function localized(name: Localized | undefined, lang: string | undefined, fallback = ''): string {
  if (!name) return fallback;
  return name[lang as keyof Localized] ?? name.ru ?? name.en ?? name.kk ?? fallback;
}

/** Functions that turn catalog ids into names in one language (unknown ids stay as they are). */
export function namesIn(catalog: Catalog | undefined, lang: string | undefined) {
  const find = <T extends { name: Localized }>(list: T[] | undefined, match: (x: T) => boolean, id: string) =>
    localized(list?.find(match)?.name, lang, id);
  return {
    agency: (id: string) => find(catalog?.agencies, (a) => a.id === id, id),
    category: (id: string) => find(catalog?.categories, (c) => c.id === id, id),
    kind: (code: string) => find(catalog?.kinds, (k) => k.code === code, code),
    region: (kato: string) => find(catalog?.regions, (r) => r.kato === kato, kato),
  };
}
