import { estimateJaccard, jaccard, normalise, sketchOf, trigrams } from './similarity';
import { createHash } from 'node:crypto';

const hashed = (text: string) => [...trigrams(text)].map((g) => createHash('sha256').update(g).digest('hex'));
const similarity = (a: string, b: string) => jaccard(trigrams(a), trigrams(b));

describe('normalising a text for comparison', () => {
  it('folds case, ё/е, punctuation and whitespace in Russian, Kazakh and English', () => {
    expect(normalise('  Нет   ОТОПЛЕНИЯ!!! Ёлки… ')).toBe('нет отопления елки');
    expect(normalise('Жылу жоқ — үйде, «Абай» көшесі 12')).toBe('жылу жоқ үйде абай көшесі 12');
    expect(normalise('No HEATING,\tsince\nMonday.')).toBe('no heating since monday');
  });

  it('treats compatibility forms as their plain letters (NFKC)', () => {
    expect(normalise('ﬁle №５')).toBe('file no5');
  });
});

describe('trigram similarity', () => {
  const heating = 'В доме по улице Тимирязева, 42 третью неделю нет отопления. Прошу принять меры.';

  it('is 1 for the same text written with other case, punctuation, ё and spacing', () => {
    const retyped = 'в  доме по улице тимирязева 42 — третью неделю НЕТ отопления!!! прошу принять меры';
    expect(similarity(heating, retyped)).toBe(1);
    expect(similarity('Ёлка во дворе', 'елка во дворе')).toBe(1);
  });

  it('stays high for a lightly edited copy and low for another matter in the same words', () => {
    const edited =
      'Здравствуйте! В доме по улице Тимирязева, 42 уже третью неделю нет отопления. Прошу срочно принять меры.';
    const other = 'На улице Абая, 10 вторую неделю не вывозят мусор. Прошу принять меры к подрядчику.';
    expect(similarity(heating, edited)).toBeGreaterThan(0.6);
    expect(similarity(heating, other)).toBeLessThan(0.3);
  });

  it('is 0 between empty texts rather than undefined', () => {
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('bottom-k sketches', () => {
  it('give the exact similarity when both texts have fewer trigrams than the sketch keeps', () => {
    const [a, b] = ['нет отопления в доме', 'нет отопления в подъезде'];
    expect(estimateJaccard(sketchOf(hashed(a)), sketchOf(hashed(b)))).toBeCloseTo(similarity(a, b), 10);
  });

  it('estimate the similarity of long texts within a few hundredths', () => {
    const base = Array.from({ length: 60 }, (_, i) => `предложение номер ${i} о ремонте дороги`).join('. ');
    const half =
      base.slice(0, base.length / 2) + ' совсем другой конец письма про освещение и тротуары во дворе';
    const exact = similarity(base, half);
    const sketched = estimateJaccard(sketchOf(hashed(base)), sketchOf(hashed(half)));
    expect(sketchOf(hashed(base))).toHaveLength(128);
    expect(Math.abs(sketched - exact)).toBeLessThan(0.1);
  });
});

describe('the sketch estimator', () => {
  // the estimator as defined: of the k smallest of both sketches together, the share in both
  const byDefinition = (a: string[], b: string[], k: number) => {
    const union = [...new Set([...a, ...b])].sort().slice(0, k);
    return union.length === 0 ? 0 : union.filter((h) => a.includes(h) && b.includes(h)).length / union.length;
  };
  it('merges two sorted sketches to the same estimate as its definition, sketches of any overlap and length', () => {
    const hex = (n: number) => n.toString(16).padStart(12, '0');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const pool = Array.from({ length: 300 }, () => hex(next() % 5000));
      const a = sketchOf(pool.filter(() => next() % 3 !== 0));
      const b = sketchOf(pool.filter(() => next() % 2 === 0).slice(0, next() % 200));
      for (const k of [1, 16, 128]) expect(estimateJaccard(a, b, k)).toBeCloseTo(byDefinition(a, b, k), 12);
    }
    expect(estimateJaccard([], [])).toBe(0);
  });
});
