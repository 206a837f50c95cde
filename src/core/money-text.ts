// Integer minor units written as an exact decimal in major units, for people: 123456 cents →
// "1234.56", -5 cents → "-0.05", 1234 yen → "1234", 1234 fils (KWD, 3 decimals) → "1.234". Digits
// are moved, never divided, so no float ever touches the amount. Pure: the dashboard imports it too.

/** `minor` (a safe integer) in major units with `exponent` decimals (currencyExponent). */
export function minorToMajorText(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an amount in minor units: ${minor}`);
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 6) throw new RangeError(`not a currency exponent: ${exponent}`);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
