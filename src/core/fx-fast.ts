// A faster FxTable.convert with exactly the same results: the minor-unit factor of each
// (currency, day) is looked up once, and when the factor and the product fit in a double's safe
// integers the rounding (half away from zero) is done in integer arithmetic on numbers instead of
// BigInt rationals. Anything larger falls back to the table's own convert. A property test holds
// the two equal. The metrics API converts tens of thousands of day sums per request.
import type { FxTable } from './fx.js';

type Factor = { n: number; d: number } | null;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function withFastConvert(fx: FxTable): FxTable {
  const factors = new Map<string, Factor>();
  const factorOf = (currency: string, day: string): Factor => {
    const key = `${currency}|${day}`;
    let factor = factors.get(key);
    if (factor === undefined) {
      const r = fx.minorFactorOn(currency, day);
      factor = r.n >= -SAFE && r.n <= SAFE && r.d <= SAFE ? { n: Number(r.n), d: Number(r.d) } : null;
      factors.set(key, factor);
    }
    return factor;
  };
  return {
    ...fx,
    convert(amountMinor, from, day) {
      if (from === fx.reportingCurrency && Number.isSafeInteger(amountMinor)) return amountMinor;
      const factor = Number.isSafeInteger(amountMinor) ? factorOf(from, day) : null;
      if (factor === null || factor.n < 0) return fx.convert(amountMinor, from, day);
      const x = Math.abs(amountMinor) * factor.n;
      if (!Number.isSafeInteger(x)) return fx.convert(amountMinor, from, day);
      let q = Math.floor(x / factor.d);
      let r = x - q * factor.d;
      while (r < 0) {
        q -= 1;
        r += factor.d;
      }
      while (r >= factor.d) {
        q += 1;
        r -= factor.d;
      }
      const rounded = 2 * r >= factor.d ? q + 1 : q;
      return amountMinor < 0 && rounded !== 0 ? -rounded : rounded;
    },
  };
}
