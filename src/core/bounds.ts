// The largest amounts and quantities Revpulse accepts from a provider. Figures are integers in
// minor units held as JS numbers (exact up to 2^53 ≈ 9.007e15), and totals add many of them: a
// bound well below that keeps every sum exact. 10^13 minor units is 100 billion dollars (or a
// trillion yen) in one amount; 10^12 units is beyond any seat count or package quantity.
// A provider object beyond them is dropped with the reason 'out_of_range' (docs/ingestion.md).

export const MAX_AMOUNT_MINOR = 10 ** 13;
export const MAX_QUANTITY = 10 ** 12;

/** True when an exact amount (any rational in minor units) is within ±MAX_AMOUNT_MINOR. */
export function amountWithinBounds(amount: { n: bigint; d: bigint }): boolean {
  const abs = amount.n < 0n ? -amount.n : amount.n;
  return abs <= BigInt(MAX_AMOUNT_MINOR) * amount.d;
}
