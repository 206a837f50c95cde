// Minor-unit exponents for the currencies the API reports in. The API sends money as integer
// minor units, so the page must divide by exactly the exponent the server used: this table
// mirrors src/core/currency.ts (a test checks they agree for every ISO currency).

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

export function isCurrencyCode(code: string): boolean {
  return CODE_PATTERN.test(code.toLowerCase());
}

/** Decimal places of the currency's minor unit (2 unless listed otherwise). */
export function currencyExponent(code: string): number {
  const lower = code.toLowerCase();
  if (!CODE_PATTERN.test(lower)) throw new RangeError(`not a currency code: "${code}"`);
  return EXPONENTS.get(lower) ?? 2;
}
