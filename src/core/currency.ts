// Minor-unit exponents by currency. Never assume two decimals: JPY has none, KWD has three.
// Source: ISO 4217, with Stripe's zero-decimal list (Stripe charges these in whole units).
import type { CurrencyCode } from './types.js';

const ZERO_DECIMAL = [
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv',
  'xaf', 'xof', 'xpf', 'isk',
];
const THREE_DECIMAL = ['bhd', 'iqd', 'jod', 'kwd', 'lyd', 'omr', 'tnd'];

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...ZERO_DECIMAL.map((c) => [c, 0] as const),
  ...THREE_DECIMAL.map((c) => [c, 3] as const),
]);

const CODE_PATTERN = /^[a-z]{3}$/;

export function normaliseCurrency(code: string): CurrencyCode {
  const lower = code.trim().toLowerCase();
  if (!CODE_PATTERN.test(lower)) throw new RangeError(`not a currency code: "${code}"`);
  return lower;
}

/** Number of decimal places of the currency's minor unit (2 unless listed otherwise). */
export function currencyExponent(code: CurrencyCode): number {
  return EXPONENTS.get(normaliseCurrency(code)) ?? 2;
}
