import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every screen in three languages: each key of the shell, citizen and public namespaces exists in kk, ru and en.
const dir = join(__dirname, 'locales');
const load = (lang: string, ns: string) => JSON.parse(readFileSync(join(dir, lang, `${ns}.json`), 'utf8')) as object;

/** Flattened keys, plural forms (_one, _few, _many, _other) folded into their base key. */
function keys(obj: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    if (v !== null && typeof v === 'object') for (const sub of keys(v as object, `${key}.`)) out.add(sub);
    else out.add(key);
  }
  return out;
}

describe.each(['common', 'citizen', 'public', 'press'])('locales/%s.json', (ns) => {
  const en = keys(load('en', ns));
  it.each(['kk', 'ru'])('%s has exactly the English keys', (lang) => {
    expect([...keys(load(lang, ns))].sort()).toEqual([...en].sort());
  });
  it('has the plural forms each language needs', () => {
    const flat = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as object, `${p}${k}.`) : [`${p}${k}`]));
    const ru = flat(load('ru', ns));
    for (const k of ru.filter((x) => x.endsWith('_one'))) {
      const base = k.slice(0, -4);
      expect(ru).toEqual(expect.arrayContaining([`${base}_few`, `${base}_many`, `${base}_other`]));
    }
  });
});
