// PayPal's decimal strings in major units → integer minor units, exactly. The exponent comes from
// the shared currency table (src/core/currency.ts: JPY 0, KWD 3, else 2). PayPal also refuses
// decimals for HUF and TWD (whole forints and dollars, though ISO 4217 gives them 2 decimals), so
// a fraction there is malformed too. Nothing is ever rounded: a value with more decimals than the
// currency has is malformed (trailing zeros are not more decimals: "49.000" USD is 4900).
import { currencyExponent, normaliseCurrency } from '../../core/currency.js';
import { MAX_AMOUNT_MINOR } from '../../core/bounds.js';
import { mul, parseDecimal, ratio } from '../../core/decimal.js';
import { MalformedField, OutOfRangeField } from '../stripe/malformed.js';

const WHOLE_UNITS_ONLY: ReadonlySet<string> = new Set(['huf', 'jpy', 'twd']);

/** Lower-case currency, or malformed at `path`. */
export function currencyAt(code: string, path: string): string {
  try {
    return normaliseCurrency(code);
  } catch {
    throw new MalformedField(path, `not a currency code: "${code}"`);
  }
}

/** `value` (major units) of `currency` as integer minor units; `path` names the field. */
export function minorUnits(value: string, currency: string, path: string): number {
  const code = currencyAt(currency, path);
  const major = parseDecimal(value);
  if (WHOLE_UNITS_ONLY.has(code) && major.d !== 1n) {
    throw new MalformedField(path, `"${value}" ${code.toUpperCase()}: PayPal amounts in ${code.toUpperCase()} are whole numbers`);
  }
  const exponent = currencyExponent(code);
  const minor = mul(major, ratio(10n ** BigInt(exponent)));
  if (minor.d !== 1n) {
    throw new MalformedField(path, `"${value}" has more decimals than ${code.toUpperCase()} has (${exponent}); amounts are never rounded`);
  }
  const abs = minor.n < 0n ? -minor.n : minor.n;
  if (abs > BigInt(MAX_AMOUNT_MINOR)) {
    throw new OutOfRangeField(path, `"${value}" ${code.toUpperCase()} is beyond ${MAX_AMOUNT_MINOR.toExponential()} minor units, out of range`);
  }
  return Number(minor.n);
}
