// The A/B statistics, written out rather than taken from a library: three
// formulas (the normal CDF through erfc, Wilson's interval, the pooled
// two-proportion z-test) are a few lines each, and a library such as jstat
// would add ~100 KB of unrelated distributions for them. erfc is the Chebyshev
// fit of Numerical Recipes (6.2), fractional error below 1.2e-7 everywhere:
// far finer than the 0.05 threshold a winner is decided by.

/** The complementary error function. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= x) for a standard normal Z. */
export const normalCdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

/** P(|Z| >= |z|): the two-sided p-value of a z score. */
export const twoSidedPValue = (z: number) => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));

/** The z quantile of a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** Wilson's score interval for `successes` out of `trials` (0..1 when there are no trials). */
export function wilsonInterval(successes: number, trials: number, z = Z_95): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The pooled two-proportion z-test of x1/n1 against x2/n2 (two-sided). Null
 * when a side has no trials. Equal proportions, also both 0 or both 1, give z 0, p 1.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: twoSidedPValue(z) };
}
