import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFxTable, DEMO_FX_RATES } from '../../../src/core/fx.js';
import type { FxRate } from '../../../src/core/types.js';

const INTO_USD: FxRate[] = [
  { currency: 'eur', day: '2024-03-15', rate: '1.20' },
  { currency: 'eur', day: '2024-01-01', rate: '1.10' },
  { currency: 'jpy', day: '2024-01-01', rate: '0.0067' },
  { currency: 'kwd', day: '2024-01-01', rate: '3.25' },
  { currency: 'gbp', day: '2024-01-01', rate: '1.32' },
];

describe('rateOn', () => {
  const fx = createFxTable(INTO_USD, 'usd');

  it.each([
    ['2024-02-01', '11/10'], // latest on or before
    ['2024-03-14', '11/10'],
    ['2024-03-15', '6/5'], // the change day itself uses the new rate
    ['2025-06-01', '6/5'],
    ['2023-12-01', '11/10'], // before every rate: the earliest
  ])('eur on %s is %s', (day, expected) => {
    const rate = fx.rateOn('eur', day);
    expect(`${rate.n}/${rate.d}`).toBe(expected);
  });

  it('is exactly 1 for the reporting currency, in any case', () => {
    expect(fx.rateOn('USD', '2024-01-01')).toEqual({ n: 1n, d: 1n });
    expect(fx.convert(12345, 'usd', '2020-01-01')).toBe(12345);
  });

  it('names the currency when there is no rate at all', () => {
    expect(() => fx.rateOn('chf', '2024-01-01')).toThrow('no FX rate from chf to usd');
    expect(() => fx.convert(100, 'chf', '2024-01-01')).toThrow('no FX rate from chf to usd');
  });

  it('lists the currencies it converts', () => {
    expect(fx.currencies).toEqual(['eur', 'gbp', 'jpy', 'kwd']);
  });
});

describe('convert: amount × rate × 10^(exp(to) − exp(from)), rounded half away once', () => {
  const usd = createFxTable(INTO_USD, 'usd');
  const jpy = createFxTable(
    [
      { currency: 'usd', day: '2024-01-01', rate: '150.25' },
      { currency: 'kwd', day: '2024-01-01', rate: '489.5' },
    ],
    'jpy',
  );

  it.each([
    // [hand calculation, table, amount, from, day, expected]
    ['€10.00 × 1.10 = $11.00', usd, 1000, 'eur', '2024-02-01', 1100],
    ['€10.00 × 1.20 = $12.00', usd, 1000, 'eur', '2024-03-20', 1200],
    ['5 × 1.1 = 5.5 → 6', usd, 5, 'eur', '2024-02-01', 6],
    ['−5.5 → −6 (away from zero)', usd, -5, 'eur', '2024-02-01', -6],
    ['¥1000 × 0.0067 = $6.70 (exp 0 → 2)', usd, 1000, 'jpy', '2024-02-01', 670],
    ['¥1234 × 0.0067 = $8.2678 → 827¢', usd, 1234, 'jpy', '2024-02-01', 827],
    ['1.500 KWD × 3.25 = $4.875 → 488¢ (exp 3 → 2)', usd, 1500, 'kwd', '2024-02-01', 488],
    ['$19.99 × 150.25 = ¥3003.4975 (exp 2 → 0)', jpy, 1999, 'usd', '2024-02-01', 3003],
    ['1.234 KWD × 489.5 = ¥604.043 (exp 3 → 0)', jpy, 1234, 'kwd', '2024-02-01', 604],
  ] as const)('%s', (_hand, table, amount, from, day, expected) => {
    expect(table.convert(amount, from, day)).toBe(expected);
  });

  it('rejects non-integer amounts', () => {
    expect(() => usd.convert(10.5, 'eur', '2024-02-01')).toThrow(RangeError);
  });

  it('is within half a minor unit of the exact value and symmetric in sign (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('eur', 'jpy', 'kwd', 'gbp'),
        fc.constantFrom('2023-01-01', '2024-02-01', '2024-03-15', '2026-01-01'),
        (amount, from, day) => {
          const converted = usd.convert(amount, from, day);
          const f = usd.minorFactorOn(from, day);
          const error = BigInt(converted) * f.d - BigInt(amount) * f.n;
          expect(2n * (error < 0n ? -error : error) <= f.d).toBe(true);
          expect(usd.convert(-amount, from, day)).toBe(-converted || 0);
        },
      ),
    );
  });
});

describe('pivoting through a base currency', () => {
  const eur = createFxTable(INTO_USD, 'eur', { base: 'usd' });

  it('derives x→eur as x→usd ÷ eur→usd, exactly', () => {
    const gbp = eur.rateOn('gbp', '2024-02-01');
    expect(`${gbp.n}/${gbp.d}`).toBe('6/5'); // 1.32 ÷ 1.10
    const usd = eur.rateOn('usd', '2024-02-01');
    expect(`${usd.n}/${usd.d}`).toBe('10/11'); // 1 ÷ 1.10
    expect(eur.convert(1100, 'usd', '2024-02-01')).toBe(1000);
    expect(eur.convert(100, 'usd', '2024-02-01')).toBe(91); // 90.909…
    expect(eur.convert(100, 'usd', '2024-04-01')).toBe(83); // 100 ÷ 1.2 = 83.33…
  });

  it('needs a rate from the reporting currency into the base', () => {
    expect(() => createFxTable([{ currency: 'gbp', day: '2024-01-01', rate: '1.3' }], 'eur', { base: 'usd' })).toThrow(
      'no FX rate from eur to usd',
    );
  });
});

describe('rate validation', () => {
  it.each([
    [[{ currency: 'eur', day: '2024-01-01', rate: '0' }], 'must be positive'],
    [[{ currency: 'eur', day: '2024-01-01', rate: '-1.1' }], 'must be positive'],
    [[{ currency: 'eur', day: '2024-01-01', rate: 'abc' }], 'not a decimal'],
    [[{ currency: 'usd', day: '2024-01-01', rate: '1.01' }], 'into itself must be 1'],
    [
      [
        { currency: 'eur', day: '2024-01-01', rate: '1.1' },
        { currency: 'eur', day: '2024-01-01', rate: '1.2' },
      ],
      'conflicting FX rates',
    ],
  ])('%# rejects bad rates', (rates, message) => {
    expect(() => createFxTable(rates, 'usd')).toThrow(message);
  });
});

describe('DEMO_FX_RATES', () => {
  const usd = createFxTable(DEMO_FX_RATES.usd, 'usd');
  const eur = createFxTable(DEMO_FX_RATES.eur, 'eur');

  it('covers the demo currencies into usd and into eur', () => {
    expect(usd.currencies).toEqual(['aud', 'cad', 'chf', 'eur', 'gbp', 'jpy', 'kwd']);
    expect(eur.currencies).toEqual(['aud', 'cad', 'chf', 'gbp', 'jpy', 'kwd', 'usd']);
  });

  it('changes rates over time', () => {
    expect(usd.convert(10_000, 'eur', '2023-06-30')).toBe(10_705);
    expect(usd.convert(10_000, 'eur', '2023-07-01')).toBe(10_910);
    expect(usd.convert(10_000, 'eur', '2026-03-01')).toBe(11_740);
  });

  it('agrees between the two tables within the 6-decimal rounding', () => {
    for (const day of ['2023-01-01', '2024-07-01', '2026-01-01']) {
      const roundTrip = usd.rateOn('eur', day);
      const back = eur.rateOn('usd', day);
      const product = Number(roundTrip.n * back.n) / Number(roundTrip.d * back.d);
      expect(Math.abs(product - 1)).toBeLessThan(1e-6);
      const gbpViaUsd = Number(usd.rateOn('gbp', day).n) / Number(usd.rateOn('gbp', day).d) / (Number(roundTrip.n) / Number(roundTrip.d));
      const gbpDirect = Number(eur.rateOn('gbp', day).n) / Number(eur.rateOn('gbp', day).d);
      expect(Math.abs(gbpViaUsd - gbpDirect)).toBeLessThan(1e-6);
    }
  });
});
