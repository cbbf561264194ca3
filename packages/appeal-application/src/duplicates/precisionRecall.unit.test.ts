import { createHmac } from 'node:crypto';
import type { PersonalDataVault } from '@appeals/personal-data';
import { createInMemoryReadStore } from '@appeals/readstore';
import { createDuplicateFinder } from './duplicateFinder';
import { seededAppeals, type SeededAppeal } from './seededAppeals';

// How well intake finds planted duplicates: 300 seeded appeals filed in order through the finder as intake runs it
// (blind indexes, sketches, MinHash bands, the read-store index); each check is scored against the planted truth.
// The figures depend on the matching key (the sketches and bands are of keyed hashes), which the vault draws at
// random; so the set runs under five fixed keys (HMAC-SHA-256, as the vault's blindIndex) and the figures are summed:
// the same every run, and not one lucky key. `DUPLICATES_REPORT=1` prints the figures written in docs/duplicates.md.

const KEYS = ['k1', 'k2', 'k3', 'k4', 'k5'];

/** The vault's blindIndex under a fixed matching key: all the finder uses of the vault. */
const vaultWithKey = (key: string) =>
  ({
    blindIndex: async (purpose: string, values: readonly string[]) =>
      values.map((v) => createHmac('sha256', key).update(`${purpose}\u0000${v}`).digest('hex')),
  }) as unknown as PersonalDataVault;

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
const rate = (t: Tally) => ({ precision: t.tp / (t.tp + t.fp), recall: t.tp / (t.tp + t.fn) });

async function runSeededSet(vault: PersonalDataVault, text: Tally, applicant: Tally) {
  const set = seededAppeals(300);
  const finder = createDuplicateFinder({ views: createInMemoryReadStore(), vault });
  await finder.ensureIndexes();
  const start = Date.parse('2026-03-02T05:00:00Z');
  const filed: SeededAppeal[] = [];
  for (const [i, a] of set.entries()) {
    const now = new Date(start + i * 3_600_000);
    const check = await finder.check({
      ...a,
      applicant: { type: 'individual', fullName: 'Seeded', iin: a.iin },
      now,
    });
    const sameMatter = new Set(filed.filter((e) => e.family === a.family).map((e) => e.appealId));
    const sameText = new Set(
      filed
        .filter(
          (e) => e.family === a.family && e.regionKato === a.regionKato && e.categoryId === a.categoryId,
        )
        .map((e) => e.appealId),
    );
    const sameIin = new Set(filed.filter((e) => e.iin === a.iin).map((e) => e.appealId));
    const byText = check.matches.filter((m) => m.reasons.includes('similar_text')).map((m) => m.appealId);
    const byIin = check.matches.filter((m) => m.reasons.includes('same_applicant')).map((m) => m.appealId);
    for (const id of byText) text[sameMatter.has(id) ? 'tp' : 'fp']++;
    text.fn += [...sameText].filter((id) => !byText.includes(id)).length;
    for (const id of byIin) applicant[sameIin.has(id) ? 'tp' : 'fp']++;
    applicant.fn += [...sameIin].filter((id) => !byIin.includes(id)).length;
    await finder.remember(
      check.entry({
        appealId: a.appealId,
        registrationNumber: `N-${i}`,
        registeredAt: now.toISOString(),
        subjectId: a.appealId,
      }),
    );
    filed.push(a);
  }
  return Object.fromEntries(
    ['original', 'near_duplicate', 'repeat', 'second_matter'].map((k) => [
      k,
      set.filter((a) => a.kind === k).length,
    ]),
  );
}

async function runUnderKeys() {
  const text: Tally = { tp: 0, fp: 0, fn: 0 };
  const applicant: Tally = { tp: 0, fp: 0, fn: 0 };
  let kinds: Record<string, number> = {};
  for (const key of KEYS) kinds = await runSeededSet(vaultWithKey(key), text, applicant);
  return {
    keys: KEYS.length,
    kinds,
    text: { ...text, ...rate(text) },
    applicant: { ...applicant, ...rate(applicant) },
  };
}

describe('duplicate detection on a seeded set of 300 appeals', () => {
  it('finds the planted near-identical texts with precision and recall of at least 0.95, and every earlier appeal of the same IIN', async () => {
    const result = await runUnderKeys();
    if (process.env.DUPLICATES_REPORT) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    expect((result.kinds.near_duplicate ?? 0) + (result.kinds.repeat ?? 0)).toBeGreaterThanOrEqual(60);
    expect(result.text.precision).toBeGreaterThanOrEqual(0.95);
    expect(result.text.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.applicant).toMatchObject({ fp: 0, fn: 0 });
  }, 120_000); // five runs of 300 filings on the in-memory read store, which scans
});
