import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayFromNumber, GRANULARITIES } from '../../../src/core/dates.js';
import { activeTrialsOn, computeTrialPeriods, type TrialInput } from '../../../src/core/trial-metrics.js';

function trial(id: string, startedDay: string, convertedDay: string | null, endedDay?: string): TrialInput {
  return { subscriptionId: `sub_${id}`, customerId: `cus_${id}`, startedDay, convertedDay, ...(endedDay ? { endedDay } : {}) };
}

const TRIALS: TrialInput[] = [
  trial('1', '2024-01-05', '2024-01-19'),
  trial('2', '2024-01-20', '2024-02-03'),
  trial('3', '2024-01-25', null), // no end known: assumed to end 30 days later (2024-02-24)
  trial('4', '2024-02-10', null, '2024-02-17'),
  trial('5', '2024-02-28', '2024-03-29'),
  trial('6', '2023-12-20', '2024-01-03'), // started before the range, converted inside it
];

describe('computeTrialPeriods by month', () => {
  const rows = computeTrialPeriods(TRIALS, { from: '2024-01-01', to: '2024-03-31', granularity: 'month' });

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
});

describe('activeTrialsOn', () => {
  it.each([
    ['2024-01-18', 1],
    ['2024-01-19', 0], // trial 1 converts that day: paying, not trialing
    ['2024-01-25', 2],
    ['2024-02-16', 2], // trials 3 and 4
    ['2024-02-17', 1], // trial 4 ended
    ['2024-02-24', 0], // trial 3's assumed end
  ])('on %s: %i', (day, expected) => {
    expect(activeTrialsOn(TRIALS, day)).toBe(expected);
  });

  it('honours a different assumed trial length', () => {
    // trial 3 (from 2024-01-25) is assumed over on 2024-02-08 with 14 days, 2024-02-24 with 30
    expect(activeTrialsOn(TRIALS, '2024-02-07', 14)).toBe(1);
    expect(activeTrialsOn(TRIALS, '2024-02-08', 14)).toBe(0);
    expect(activeTrialsOn(TRIALS, '2024-02-08')).toBe(1);
  });
});

describe('trial properties', () => {
  it('the active-trial sweep agrees with activeTrialsOn and every start is counted once', () => {
    const day = fc.integer({ min: 19_700, max: 19_900 }).map(dayFromNumber);
    const arbitrary = fc.array(
      fc.record({ start: day, convertAfter: fc.option(fc.integer({ min: 0, max: 60 })), endAfter: fc.option(fc.integer({ min: 0, max: 60 })) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arbitrary, fc.constantFrom(...GRANULARITIES), (raw, g) => {
        const trials = raw.map((t, i) =>
          trial(
            String(i),
            t.start,
            t.convertAfter === null ? null : addDays(t.start, t.convertAfter),
            t.endAfter === null ? undefined : addDays(t.start, t.endAfter),
          ),
        );
        const from = dayFromNumber(19_720);
        const to = dayFromNumber(19_880);
        const rows = computeTrialPeriods(trials, { from, to, granularity: g });
        for (const row of rows) expect(row.activeAtEnd).toBe(activeTrialsOn(trials, row.end));
        const inRange = trials.filter((t) => t.startedDay >= from && t.startedDay <= to).length;
        expect(rows.reduce((s, r) => s + r.started, 0)).toBe(inRange);
      }),
      { numRuns: 150 },
    );
  });
});
