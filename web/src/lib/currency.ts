// Minor-unit exponents: the page must divide by exactly the exponent the server used, so it uses
// the server's own table (src/core is pure and imports nothing, so the bundle can take it).
import { currencyExponent as coreExponent } from '../../../src/core/currency.js';

const CODE_PATTERN = /^[a-z]{3}$/;

export function isCurrencyCode(code: string): boolean {
  return CODE_PATTERN.test(code.toLowerCase());
}

/** Decimal places of the currency's minor unit (2 unless listed otherwise). */
export function currencyExponent(code: string): number {
  return coreExponent(code);
}
