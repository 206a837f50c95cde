import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayFromNumber, GRANULARITIES } from '../../../src/core/dates.js';
import {
  activeTrialsOn, computeTrialPeriods, finishedTrialConversion, inTrialOn, trialActiveOn, trialStopDay, type PayingSpellInput, type TrialInput,
} from '../../../src/core/trial-metrics.js';

function trial(id: string, startedDay: string, trialEndDay: string | null, convertedDay: string | null, endedDay: string | null = null, customer = id): TrialInput {
  return { subscriptionId: `sub_${id}`, customerId: `cus_${customer}`, startedDay, convertedDay, trialEndDay, endedDay };
}

// Converted trials pay from their conversion day on (a paying spell each).
const TRIALS: TrialInput[] = [
  trial('1', '2024-01-05', '2024-01-19', '2024-01-19'), // 14 days, converts at its end
  trial('2', '2024-01-20', '2024-02-03', '2024-02-03'),
  trial('3', '2024-01-25', '2024-02-24', null), // 30 days, never converts
  trial('4', '2024-02-10', '2024-02-17', null, '2024-02-12'), // 7 days, cancelled on 02-12
  trial('5', '2024-02-28', '2024-03-13', '2024-03-29'), // 14 days, pays two weeks after its end
  trial('6', '2023-12-20', '2024-01-03', '2024-01-03'), // started before the range, converted inside it
];
const PAYING: PayingSpellInput[] = TRIALS.filter((t) => t.convertedDay !== null).map((t) => ({ customerId: t.customerId, startDay: t.convertedDay!, endDay: null }));

describe('computeTrialPeriods by month', () => {
  const rows = computeTrialPeriods(TRIALS, { from: '2024-01-01', to: '2024-03-31', granularity: 'month', paying: PAYING });

  it.each([
    // period, started, converted (in the period), startedAndConverted, rate, avg days, active at end
    ['2024-01', 3, 2, 2, 2 / 3, 14, 2],
    ['2024-02', 2, 1, 1, 0.5, 30, 1],
  ] as const)('%s', (period, started, converted, startedAndConverted, rate, days, active) => {
    const row = rows.find((r) => r.period === period)!;
    expect(row).toMatchObject({ started, converted, startedAndConverted, averageDaysToConvert: days, activeAtEnd: active });
    expect(row.conversionRate.value).toBeCloseTo(rate, 12);
  });

  it('gives no rate for a period without trials started', () => {
    expect(rows[2]).toMatchObject({
      period: '2024-03',
      started: 0,
      converted: 1,
      conversionRate: { value: null, reason: 'no trials started in the period' },
      averageDaysToConvert: null,
      activeAtEnd: 0,
    });
  });

  it('does not count a conversion dated after the as-of day', () => {
    const asOf = computeTrialPeriods(TRIALS, { from: '2024-01-01', to: '2024-03-31', granularity: 'month', paying: PAYING, asOfDay: '2024-03-20' });
    expect(asOf.find((r) => r.period === '2024-02')).toMatchObject({ startedAndConverted: 0, averageDaysToConvert: null });
    expect(asOf.find((r) => r.period === '2024-03')).toMatchObject({ converted: 0 });
  });
});

describe('an active trial, from its real end', () => {
  it('stops on the earliest of conversion, trial end and subscription end', () => {
    expect(trialStopDay(TRIALS[0]!)).toBe('2024-01-19');
    expect(trialStopDay(TRIALS[3]!)).toBe('2024-02-12');
    expect(trialStopDay(TRIALS[4]!)).toBe('2024-03-13');
    expect(trialStopDay(trial('x', '2024-01-01', null, null))).toBeNull();
  });

  it('counts on the days before its end day, not on it', () => {
    expect(trialActiveOn(TRIALS[2]!, '2024-01-24')).toBe(false);
    expect(trialActiveOn(TRIALS[2]!, '2024-01-25')).toBe(true);
    expect(trialActiveOn(TRIALS[2]!, '2024-02-23')).toBe(true);
    expect(trialActiveOn(TRIALS[2]!, '2024-02-24')).toBe(false);
    expect(trialActiveOn(trial('x', '2024-01-01', null, null), '2030-01-01')).toBe(true);
  });

  it.each([
    ['2024-01-18', 1],
    ['2024-01-19', 0], // trial 1 converts that day: paying, not trialing
    ['2024-01-25', 2],
    ['2024-02-11', 2], // trials 3 and 4
    ['2024-02-12', 1], // trial 4 cancelled
    ['2024-02-23', 1],
    ['2024-02-24', 0], // trial 3's real end
    ['2024-03-12', 1], // trial 5, two weeks
    ['2024-03-13', 0],
  ])('customers in trial on %s: %i', (day, expected) => {
    expect(activeTrialsOn(TRIALS, PAYING, day)).toBe(expected);
  });

  it('counts a customer once, and not while it pays', () => {
    const two = [trial('a', '2024-01-01', '2024-01-15', null, null, 'same'), trial('b', '2024-01-05', '2024-01-20', null, null, 'same')];
    expect(activeTrialsOn(two, [], '2024-01-10')).toBe(1);
    expect(activeTrialsOn(two, [], '2024-01-17')).toBe(1);
    const paying = [{ customerId: 'cus_same', startDay: '2024-01-08', endDay: '2024-01-12' }];
    expect(activeTrialsOn(two, paying, '2024-01-07')).toBe(1);
    expect(activeTrialsOn(two, paying, '2024-01-10')).toBe(0);
    expect(activeTrialsOn(two, paying, '2024-01-12')).toBe(1);
    expect(inTrialOn(two, true, '2024-01-10')).toBe(false);
    expect(inTrialOn(two, false, '2024-01-10')).toBe(true);
    expect(inTrialOn(two, false, '2024-01-20')).toBe(false);
  });
});

describe('finishedTrialConversion', () => {
  it('counts the trials of the window whose real end has come, and their conversions by the as-of day', () => {
    const window = { from: '2024-01-01', to: '2024-02-29', asOfDay: '2024-02-20' };
    // Finished by 02-20: 1 (end 01-19), 2 (02-03), 4 (cancelled; due 02-17). Not yet: 3 (02-24).
    expect(finishedTrialConversion(TRIALS, window)).toEqual({ started: 3, converted: 2, rate: { value: 2 / 3 }, averageDaysToConvert: 14 });
    const none = finishedTrialConversion(TRIALS, { from: '2024-02-25', to: '2024-03-01', asOfDay: '2024-03-01' });
    expect(none).toMatchObject({ started: 0, converted: 0, averageDaysToConvert: null });
    expect(none.rate.value).toBeNull();
    expect(none.rate.reason).toMatch(/finished/);
  });

  it('does not count a conversion after the as-of day', () => {
    const late = finishedTrialConversion(TRIALS, { from: '2024-02-20', to: '2024-03-20', asOfDay: '2024-03-20' });
    expect(late).toMatchObject({ started: 1, converted: 0 });
  });
});

describe('trial properties', () => {
  it('the in-trial sweep agrees with activeTrialsOn and every start is counted once', () => {
    const day = fc.integer({ min: 19_700, max: 19_900 }).map(dayFromNumber);
    const arbitrary = fc.array(
      fc.record({
        start: day,
        customer: fc.integer({ min: 0, max: 8 }),
        length: fc.option(fc.constantFrom(7, 14, 30)),
        convertAfter: fc.option(fc.integer({ min: 0, max: 60 })),
        endAfter: fc.option(fc.integer({ min: 0, max: 60 })),
        payFor: fc.option(fc.integer({ min: 1, max: 40 })),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arbitrary, fc.constantFrom(...GRANULARITIES), (raw, g) => {
        const trials = raw.map((t, i) =>
          trial(
            String(i),
            t.start,
            t.length === null ? null : addDays(t.start, t.length),
            t.convertAfter === null ? null : addDays(t.start, t.convertAfter),
            t.endAfter === null ? null : addDays(t.start, t.endAfter),
            String(t.customer),
          ),
        );
        const paying = raw.flatMap((t, i) => (t.payFor === null || trials[i]!.convertedDay === null ? [] : [
          { customerId: trials[i]!.customerId, startDay: trials[i]!.convertedDay!, endDay: addDays(trials[i]!.convertedDay!, t.payFor) },
        ]));
        const from = dayFromNumber(19_720);
        const to = dayFromNumber(19_880);
        const rows = computeTrialPeriods(trials, { from, to, granularity: g, paying });
        for (const row of rows) {
          expect(row.activeAtEnd).toBe(activeTrialsOn(trials, paying, row.end));
          // Independently: customers not paying that day with some trial active that day.
          const customers = new Set(trials.filter((t) => trialActiveOn(t, row.end)).map((t) => t.customerId));
          const payingThen = new Set(paying.filter((p) => p.startDay <= row.end && (p.endDay === null || row.end < p.endDay)).map((p) => p.customerId));
          expect(row.activeAtEnd).toBe([...customers].filter((c) => !payingThen.has(c)).length);
        }
        const inRange = trials.filter((t) => t.startedDay >= from && t.startedDay <= to).length;
        expect(rows.reduce((s, r) => s + r.started, 0)).toBe(inRange);
      }),
      { numRuns: 150 },
    );
  });
});
