// Splitting an integer amount into parts that sum to it exactly (largest remainder). Used wherever
// one converted figure is shown beside its breakdown: MRR by plan (docs/metrics.md section 15) and
// failed payments by decline code (section 17) — one conversion, two displays, the same total.

/** Splits `total` over non-negative `weights` in proportion: floors, then one more unit to the
 *  largest remainders (ties: the first), so the parts sum to `total` exactly. A negative `total`
 *  is split as its opposite, then negated. All zero weights (or a zero total) give zeros. */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`apportion: the total ${total} is not an integer`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('apportion: weights must be non-negative integers');
  if (total < 0) return apportion(-total, weights).map((p) => (p === 0 ? 0 : -p));
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const [t, s] = [BigInt(total), BigInt(sum)];
  const parts = weights.map((w, i) => ({ i, q: (t * BigInt(w)) / s, r: (t * BigInt(w)) % s }));
  let rest = t - parts.reduce((acc, p) => acc + p.q, 0n);
  for (const p of [...parts].sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))) {
    if (rest <= 0n) break;
    p.q += 1n;
    rest -= 1n;
  }
  return parts.map((p) => Number(p.q));
}
