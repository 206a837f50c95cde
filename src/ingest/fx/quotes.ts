// Euro reference rates as the European Central Bank publishes them, and the checks every FX file
// reader shares (ECB XML, ECB CSV, plain rate CSV).
//
// A quote says how many units of `currency` one euro buys on `day` ("1 EUR = 1.0823 USD"); the
// rate is kept as the decimal string the ECB published, never as a float. Note the direction:
// src/core/fx.ts wants rates INTO a base currency (units of base per one unit of currency), which
// for base eur is 1 ÷ rate and in general is not a finite decimal.
import { compare, parseDecimal } from '../../core/decimal.js';
import { dayToNumber } from '../../core/dates.js';
import type { CurrencyCode, Day, DecimalString } from '../../core/types.js';

export type EurQuote = {
  /** YYYY-MM-DD, the day of the ECB's concertation. */
  day: Day;
  /** Lower-case ISO 4217 code. */
  currency: CurrencyCode;
  /** Units of `currency` per one euro, as published (e.g. "1.0823", "171.94"). */
  rate: DecimalString;
};

/** At most this many problems are listed in an FxFileError (the count says how many there were). */
export const MAX_LISTED_PROBLEMS = 50;

/** An FX file (or a downloaded ECB document) is unusable; `problems` lists what is wrong, each
 *  starting with its line number where there is one. */
export class FxFileError extends Error {
  override readonly name = 'FxFileError';
  /** The first MAX_LISTED_PROBLEMS problems. */
  readonly problems: string[];
  /** How many problems were found in all. */
  readonly problemCount: number;

  constructor(problems: readonly string[], what = 'FX file') {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const count = problems.length;
    const heading =
      count === 1
        ? `${what}: ${listed[0]}`
        : `${what}: ${count} problems${count > listed.length ? ` (the first ${listed.length} listed)` : ''}:\n  ${listed.join('\n  ')}`;
    super(heading);
    this.problems = listed;
    this.problemCount = count;
  }
}

const POSITIVE_DECIMAL = /^\d+(\.\d+)?$/;

/** "1.0823", "171.94", "15" — plain digits, an optional fraction, and not zero. */
export function isPositiveDecimal(text: string): boolean {
  return POSITIVE_DECIMAL.test(text) && /[1-9]/.test(text);
}

export function isCalendarDay(text: string): boolean {
  try {
    dayToNumber(text);
    return true;
  } catch {
    return false;
  }
}

export function isCurrencyCode(text: string): boolean {
  return /^[A-Za-z]{3}$/.test(text);
}

/** Numerically equal decimal strings ("1.07" and "1.0700"). */
export function sameRate(a: DecimalString, b: DecimalString): boolean {
  return compare(parseDecimal(a), parseDecimal(b)) === 0;
}

/** Remembers the first rate seen for each (day, currency) and reports a different second one. */
export class RateDeduper<T extends { day: Day; currency: CurrencyCode; rate: DecimalString }> {
  private readonly seen = new Map<string, { item: T; where: string }>();

  /** Returns a problem text when `item` contradicts an earlier one; keeps the first otherwise. */
  add(item: T, where: string): string | null {
    const key = `${item.day}|${item.currency}`;
    const earlier = this.seen.get(key);
    if (earlier === undefined) {
      this.seen.set(key, { item, where });
      return null;
    }
    if (sameRate(earlier.item.rate, item.rate)) return null;
    return `${item.currency.toUpperCase()} on ${item.day} is ${item.rate} here but ${earlier.item.rate} at ${earlier.where}`;
  }

  /** The kept items, by day then currency. */
  values(): T[] {
    return [...this.seen.values()]
      .map((entry) => entry.item)
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  }
}
