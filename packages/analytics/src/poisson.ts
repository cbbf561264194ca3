// Exact tests on counts. Two Poisson counts x (exposure 1) and y (exposure t) have equal rates exactly when, given
// their sum n, x is Binomial(n, 1 / (1 + t)) (Przyborowski & Wilenski 1940): the "conditional test" compares a week
// with the weeks before it, or a period with the one before, without assuming the baseline is known exactly.

/** ln Γ(x) (Lanczos, g = 7, n = 9): enough digits for p-values. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  const logC = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  let sum = 0;
  for (let i = k; i <= n; i++) sum += binomialPmf(i, n, p);
  return Math.min(1, sum);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLower(k: number, n: number, p: number): number {
  if (k >= n) return 1;
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += binomialPmf(i, n, p);
  return Math.min(1, sum);
}

/**
 * One-sided p-values that count `x` (over exposure 1) has a higher / lower rate than count `y` over exposure `t`:
 * the conditional binomial test.
 */
export function compareCounts(x: number, y: number, t: number): { pHigher: number; pLower: number } {
  const n = x + y;
  const p = 1 / (1 + t);
  return { pHigher: binomialUpper(x, n, p), pLower: binomialLower(x, n, p) };
}
