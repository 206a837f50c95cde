import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal, preferDecimal } from '../../../../src/ingest/stripe/amounts.js';
import { addMonthsUtc, couponTerms, resolveDiscountState } from '../../../../src/ingest/stripe/discount.js';
import type { StripeCoupon } from '../../../../src/ingest/stripe/schemas/catalog.js';

const utc = (iso: string): number => Date.parse(iso) / 1000;

describe('addMonthsUtc', () => {
  it.each([
    ['2023-03-15T14:30:00Z', 3, '2023-06-15T14:30:00Z'],
    ['2024-01-31T00:00:00Z', 1, '2024-02-29T00:00:00Z'], // clamped, leap year
    ['2023-01-31T08:00:00Z', 1, '2023-02-28T08:00:00Z'], // clamped
    ['2024-03-31T23:59:59Z', 6, '2024-09-30T23:59:59Z'], // clamped, time kept
    ['2024-11-30T12:00:00Z', 3, '2025-02-28T12:00:00Z'], // across a year end
    ['2024-12-15T00:00:00Z', 12, '2025-12-15T00:00:00Z'],
    ['2024-02-29T06:00:00Z', 12, '2025-02-28T06:00:00Z'],
    ['2024-05-10T10:00:00Z', 0, '2024-05-10T10:00:00Z'],
  ] as const)('%s + %i months = %s', (from, months, to) => {
    expect(addMonthsUtc(utc(from), months)).toBe(utc(to));
  });

  it('moves the calendar month exactly, never forward in the day, and keeps the time of day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800 }), // 1970 … 2100
        fc.integer({ min: 0, max: 240 }),
        (at, months) => {
          const before = new Date(at * 1000);
          const after = new Date(addMonthsUtc(at, months) * 1000);
          const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
          expect(monthIndex(after) - monthIndex(before)).toBe(months);
          expect(after.getUTCDate()).toBeLessThanOrEqual(before.getUTCDate());
          expect(after.getUTCSeconds() + 60 * after.getUTCMinutes() + 3600 * after.getUTCHours()).toBe(
            before.getUTCSeconds() + 60 * before.getUTCMinutes() + 3600 * before.getUTCHours(),
          );
        },
      ),
    );
  });
});

describe('resolveDiscountState', () => {
  const base = { id: 'di_1', couponId: 'C', start: utc('2024-01-31T09:00:00Z') };
  const terms = (duration: 'once' | 'repeating' | 'forever', durationInMonths: number | null) => ({
    percentOff: '10',
    amountOff: null,
    amountOffCurrency: null,
    duration,
    durationInMonths,
  });

  it.each([
    ['repeating, provider end wins', terms('repeating', 3), 1715000000, 1715000000],
    ['repeating, no end: start + 3 months', terms('repeating', 3), null, utc('2024-04-30T09:00:00Z')],
    ['repeating, no end: start + 1 month (clamped)', terms('repeating', 1), null, utc('2024-02-29T09:00:00Z')],
    ['forever never ends', terms('forever', null), null, null],
    ['once has no end', terms('once', null), null, null],
  ] as const)('%s', (_name, couponTerms, end, expected) => {
    expect(resolveDiscountState({ ...base, end }, couponTerms)).toEqual({
      id: 'di_1',
      couponId: 'C',
      ...couponTerms,
      start: base.start,
      end: expected,
    });
  });
});

describe('couponTerms', () => {
  const coupon = (over: Partial<StripeCoupon>): StripeCoupon => ({
    id: 'C',
    object: 'coupon',
    amount_off: null,
    currency: null,
    duration: 'forever',
    duration_in_months: null,
    percent_off: null,
    name: null,
    valid: true,
    created: 1700000000,
    ...over,
  });

  it.each([
    [12.5, '12.5'],
    [33.33, '33.33'],
    [100, '100'],
    [0.01, '0.01'],
  ])('percent_off %d → exact "%s"', (percent, expected) => {
    expect(couponTerms(coupon({ percent_off: percent })).percentOff).toBe(expected);
  });

  const multi = coupon({
    amount_off: 1500,
    currency: 'USD',
    currency_options: { eur: { amount_off: 1400 }, usd: { amount_off: 1500 } },
  });
  it.each([
    [undefined, 1500, 'usd'],
    ['usd', 1500, 'usd'],
    ['eur', 1400, 'eur'],
    ['gbp', 1500, 'usd'], // no option for gbp: the coupon's own amount and currency
  ] as const)('amount off for a %s subscription: %i %s', (currency, amountOff, amountOffCurrency) => {
    expect(couponTerms(multi, currency)).toMatchObject({ amountOff, amountOffCurrency });
  });
});

describe('exact decimals', () => {
  it.each([
    ['1250', '1250'],
    ['1250.000000000000', '1250'],
    ['0.5', '0.5'],
    ['0.000000000001', '0.000000000001'],
    ['-1032', '-1032'],
    ['850.50', '850.5'],
  ])('exactDecimal("%s") = "%s"', (input, expected) => {
    expect(exactDecimal(input)).toBe(expected);
  });

  it.each([
    ['1250.5', 1250, '1250.5'],
    [null, 1250, '1250'],
    [undefined, 0, '0'],
    [null, null, null],
  ] as const)('preferDecimal(%s, %s) = %s', (decimal, integer, expected) => {
    expect(preferDecimal(decimal, integer)).toBe(expected);
  });
});

describe('resolveDiscountState with a stored CouponRecord (as the engine calls it)', () => {
  const record = {
    id: 'di_1SKt7cHq3vXnB6cLwLc20pCt',
    couponId: 'BF25',
    start: utc('2025-11-28T00:00:00Z'),
    end: null,
  };
  const coupon = {
    id: 'BF25',
    name: 'Black Friday: 15 off for 2 months',
    percentOff: null,
    amountOff: 1500,
    amountOffCurrency: 'usd',
    duration: 'repeating' as const,
    durationInMonths: 2,
    amountOffByCurrency: { eur: 1400, usd: 1500 },
    valid: true,
    created: 1760500000,
    deleted: false,
  };

  it('keeps the discount id and carries exactly the DiscountState fields', () => {
    expect(resolveDiscountState(record, coupon)).toStrictEqual({
      id: 'di_1SKt7cHq3vXnB6cLwLc20pCt',
      couponId: 'BF25',
      percentOff: null,
      amountOff: 1500,
      amountOffCurrency: 'usd',
      duration: 'repeating',
      durationInMonths: 2,
      start: record.start,
      end: utc('2026-01-28T00:00:00Z'),
    });
  });

  it.each([
    ['eur', 1400, 'eur'],
    ['usd', 1500, 'usd'],
    ['gbp', 1500, 'usd'],
  ] as const)('for a %s subscription the amount off is %i %s', (currency, amountOff, amountOffCurrency) => {
    expect(resolveDiscountState(record, coupon, currency)).toMatchObject({ amountOff, amountOffCurrency });
  });
});
