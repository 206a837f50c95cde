// Exact rational arithmetic on BigInt, for the few places where money is multiplied by a
// non-integer (52/12, a percent, an FX rate, a fractional unit price). Rounding happens once,
// explicitly, with roundHalfAwayFromZero — never implicitly through floats.
import type { DecimalString } from './types.js';

export type Ratio = { readonly n: bigint; readonly d: bigint };

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function normalise(n: bigint, d: bigint): Ratio {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export function ratio(n: bigint | number, d: bigint | number = 1n): Ratio {
  return normalise(toBigInt(n), toBigInt(d));
}

function toBigInt(v: bigint | number): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer: ${v}`);
  return BigInt(v);
}

/** Parses "12", "-0.5", "1250.125" exactly. Throws on anything else (exponents, NaN, ""). */
export function parseDecimal(value: DecimalString | number): Ratio {
  const text = typeof value === 'number' ? numberToDecimalString(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new RangeError(`not a decimal number: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const n = BigInt(`${whole}${fraction}`) * (sign === '-' ? -1n : 1n);
  return normalise(n, 10n ** BigInt(fraction.length));
}

/** JSON numbers such as Stripe's percent_off (12.5) arrive as floats; their shortest decimal
 *  representation is what the provider meant. */
function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

export const ZERO: Ratio = { n: 0n, d: 1n };
export const ONE: Ratio = { n: 1n, d: 1n };

export function add(a: Ratio, b: Ratio): Ratio {
  return normalise(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Ratio, b: Ratio): Ratio {
  return normalise(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Ratio, b: Ratio): Ratio {
  return normalise(a.n * b.n, a.d * b.d);
}

export function div(a: Ratio, b: Ratio): Ratio {
  if (b.n === 0n) throw new RangeError('division by zero');
  return normalise(a.n * b.d, a.d * b.n);
}

export function compare(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function max(a: Ratio, b: Ratio): Ratio {
  return compare(a, b) >= 0 ? a : b;
}

export function min(a: Ratio, b: Ratio): Ratio {
  return compare(a, b) <= 0 ? a : b;
}

export function isZero(a: Ratio): boolean {
  return a.n === 0n;
}

/** Rounds to the nearest integer; halves go away from zero (2.5 → 3, -2.5 → -3). */
export function roundHalfAwayFromZero(a: Ratio): bigint {
  const negative = a.n < 0n;
  const abs = negative ? -a.n : a.n;
  const q = abs / a.d;
  const r = abs % a.d;
  const rounded = r * 2n >= a.d ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** Rounds and returns a JS number, refusing values outside the safe-integer range. */
export function toMinorUnits(a: Ratio): number {
  const rounded = roundHalfAwayFromZero(a);
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER) || rounded < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount out of range: ${rounded}`);
  }
  return Number(rounded);
}

/** Ceiling and floor for package pricing (transform_quantity). */
export function ceil(a: Ratio): bigint {
  const q = a.n / a.d;
  return a.n > 0n && a.n % a.d !== 0n ? q + 1n : q;
}

export function floor(a: Ratio): bigint {
  const q = a.n / a.d;
  return a.n < 0n && a.n % a.d !== 0n ? q - 1n : q;
}

/** Exact decimal rendering for debugging and explain output (up to `places` digits). */
export function toDecimalString(a: Ratio, places = 6): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfAwayFromZero(mul(a, { n: scale, d: 1n }));
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
