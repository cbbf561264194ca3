import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countKey } from './types';

// A list page's total is counted up to the server's limit (10,000): beyond it, the page says "more than N".
const locale = (lang: string, ns: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'i18n', 'locales', lang, `${ns}.json`), 'utf8')) as Record<
    string,
    Record<string, string>
  >;

describe('the count of a list page', () => {
  it('is "N appeals" when the server counted every match, "more than N" when it stopped counting', () => {
    expect(countKey('inbox.count', { totalExact: true })).toBe('inbox.count');
    expect(countKey('inbox.count', { totalExact: false })).toBe('inbox.countMore');
  });

  it.each([
    ['console', 'inbox', 'count'],
    ['audit', 'search', 'count'],
    ['citizen', 'my', 'caption'],
  ])('has "more than N" in every language for %s:%s.%s', (ns, section, key) => {
    for (const lang of ['en', 'kk', 'ru']) {
      const texts = locale(lang, ns)[section]!;
      expect({ lang, text: texts[`${key}More_other`] }).toEqual({
        lang,
        text: expect.stringContaining('{{count}}'),
      });
    }
    expect(Object.keys(locale('ru', ns)[section]!)).toEqual(
      expect.arrayContaining(['_one', '_few', '_many', '_other'].map((form) => `${key}More${form}`)),
    );
  });
});
