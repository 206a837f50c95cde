// Exact decimals from Stripe's numbers. Stripe's *_decimal strings carry at most 12 decimal places,
// so rendering with 12 places is exact; it also canonicalises "1250.000000000000" to "1250".
import { parseDecimal, toDecimalString } from '../../core/decimal.js';
import type { DecimalString } from '../../core/types.js';

const STRIPE_DECIMAL_PLACES = 12;

export function exactDecimal(value: DecimalString | number): DecimalString {
  return toDecimalString(parseDecimal(value), STRIPE_DECIMAL_PLACES);
}

/** `unit_amount_decimal` when present (it is exact and may be fractional), else `unit_amount`. */
export function preferDecimal(
  decimal: DecimalString | null | undefined,
  integer: number | null | undefined,
): DecimalString | null {
  if (decimal !== null && decimal !== undefined) return exactDecimal(decimal);
  if (integer !== null && integer !== undefined) return String(integer);
  return null;
}

export function sumAmounts(rows: ReadonlyArray<{ amount: number }> | null | undefined): number {
  return (rows ?? []).reduce((total, row) => total + row.amount, 0);
}
