import { binomialLower, binomialUpper, compareCounts } from './poisson';

// The tails against exact rational arithmetic (BigInt binomial coefficients), an independent computation.
const choose = (n: number, k: number): bigint => {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
};
/** P(X ≥ k) for X ~ Binomial(n, 1 / d), exactly as a ratio of integers, then divided. */
const exactUpper = (k: number, n: number, d: number): number => {
  let num = 0n;
  for (let i = k; i <= n; i++) num += choose(n, i) * BigInt(d - 1) ** BigInt(n - i);
  const den = BigInt(d) ** BigInt(n);
  const scale = 10n ** 30n;
  return Number((num * scale) / den) / 1e30;
};

describe('binomial tails', () => {
  it.each([
    [12, 13, 2],
    [5, 20, 9],
    [14, 30, 9],
    [40, 120, 9],
    [0, 10, 3],
  ])('P(X ≥ %i | n = %i, p = 1/%i) as exact arithmetic gives it', (k, n, d) => {
    expect(binomialUpper(k, n, 1 / d)).toBeCloseTo(exactUpper(k, n, d), 12);
    expect(binomialLower(k, n, 1 / d)).toBeCloseTo(1 - exactUpper(k + 1, n, d), 12);
  });

  it('compares a count with a baseline over t times its exposure', () => {
    // 12 this week against 16 over 8 weeks: X | n = 28 ~ Binomial(28, 1/9)
    const { pHigher, pLower } = compareCounts(12, 16, 8);
    expect(pHigher).toBeCloseTo(exactUpper(12, 28, 9), 12);
    expect(pLower).toBeCloseTo(1 - exactUpper(13, 28, 9), 12);
  });
});
