import { memoryVerdict, rssMb, type RssSample } from './memory';

const series = (mbAt: (fraction: number) => number, n = 100): RssSample[] =>
  Array.from({ length: n + 1 }, (_, i) => ({ requests: i * 1000, mb: mbAt(i / n) }));

describe('memoryVerdict', () => {
  it('calls a run flat when memory levels off after warm-up, garbage-collection saw-tooth and all', () => {
    // a saw-tooth of 120 MB whose peaks fall late in the run: medians would differ by 60 MB, floors do not
    const tooth = (f: number) => (Math.round(f * 100) % 10) * (f > 0.8 ? 13 : 6);
    const verdict = memoryVerdict(
      series((f) => (f < 0.15 ? 150 + f * 400 : 210) + tooth(f)),
      20,
    );
    expect(verdict).toMatchObject({ startMb: 150, flat: true });
    expect(Math.abs(verdict!.growthMb)).toBeLessThan(10);
  });

  it('calls a steady climb growing, with the growth between the windows', () => {
    const verdict = memoryVerdict(
      series((f) => 200 + f * 300),
      50,
    );
    expect(verdict).toMatchObject({ flat: false, maxMb: 500 });
    expect(verdict!.growthMb).toBeCloseTo(180, 0);
  });

  it('gives no verdict on too few samples', () => {
    expect(
      memoryVerdict(
        series(() => 100, 3),
        10,
      ),
    ).toBe(undefined);
  });
});

describe('rssMb', () => {
  it('reads this process’s resident set on Linux, and nothing for a pid that does not exist', () => {
    if (process.platform === 'linux') expect(rssMb(process.pid)).toBeGreaterThan(10);
    expect(rssMb(2 ** 30)).toBe(undefined);
  });
});
