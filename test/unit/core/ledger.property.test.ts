import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromNumber, dayNumberOf, endOfDayNumber } from '../../../src/core/dates.js';
import { buildCustomerLedger } from '../../../src/core/ledger.js';
import { presetRules } from '../../../src/core/presets.js';
import { subscriptionMrr } from '../../../src/core/subscription-mrr.js';
import { effectTime, lifecycleRank } from '../../../src/core/subscription-timeline.js';
import type {
  CurrencyCode,
  DiscountState,
  LedgerEntry,
  PresetName,
  SubscriptionSnapshot,
  SubscriptionStatus,
  UnixSeconds,
} from '../../../src/core/types.js';
import { at, discount, item, state } from './subscription-fixtures.js';

const DAY = 86_400;
const START = at('2024-01-01T00:00:00Z');
const SPAN = 75 * DAY;
const CURRENCIES: readonly CurrencyCode[] = ['usd', 'eur', 'jpy'];

// Moments cluster on a few days so that same-day changes and ties on effectiveAt happen often.
const moment = fc.oneof(
  fc.integer({ min: START, max: START + SPAN }),
  fc.integer({ min: 0, max: 75 }).map((d) => START + d * DAY),
  fc.integer({ min: 0, max: 75 }).map((d) => START + d * DAY + 12 * 3600),
  fc.constantFrom(START + 9 * 3600, START + 10 * DAY, START + 10 * DAY + 60, START + 30 * DAY + 12 * 3600),
);

const status = fc.oneof(
  { weight: 6, arbitrary: fc.constant<SubscriptionStatus>('active') },
  { weight: 4, arbitrary: fc.constantFrom<SubscriptionStatus>('past_due', 'trialing', 'canceled', 'unpaid') },
  { weight: 1, arbitrary: fc.constantFrom<SubscriptionStatus>('incomplete', 'incomplete_expired', 'paused') },
);

const itemArb = fc
  .record({
    amount: fc.oneof(fc.integer({ min: 0, max: 20_000 }).map(String), fc.constantFrom('0.5', '1250.125', '33.3')),
    quantity: fc.integer({ min: 0, max: 4 }),
    interval: fc.constantFrom('day', 'week', 'month', 'year'),
    intervalCount: fc.constantFrom(1, 1, 3, 6),
    usageType: fc.constantFrom('licensed', 'licensed', 'metered'),
  } as const)
  .map((r) =>
    item({ unitAmountDecimal: r.amount, quantity: r.quantity, interval: r.interval, intervalCount: r.intervalCount, usageType: r.usageType }),
  );

const discountArb: fc.Arbitrary<DiscountState> = fc
  .record({
    percent: fc.option(fc.constantFrom('10', '12.5', '50', '100')),
    amountOff: fc.integer({ min: 1, max: 5000 }),
    amountOffCurrency: fc.constantFrom('usd', 'eur'),
    duration: fc.constantFrom('once', 'repeating', 'forever'),
    start: moment,
    days: fc.integer({ min: 1, max: 60 }),
  } as const)
  .map((r) =>
    discount({
      percentOff: r.percent,
      amountOff: r.percent === null ? r.amountOff : null,
      amountOffCurrency: r.percent === null ? r.amountOffCurrency : null,
      duration: r.duration,
      durationInMonths: r.duration === 'repeating' ? 1 : null,
      start: r.start,
      end: r.duration === 'repeating' ? r.start + r.days * DAY : null,
    }),
  );

const snapshotArb = fc
  .record({
    sub: fc.integer({ min: 0, max: 2 }),
    effectiveAt: moment,
    status,
    items: fc.array(itemArb, { minLength: 1, maxLength: 2 }),
    discounts: fc.array(discountArb, { maxLength: 2 }),
    trial: fc.boolean(),
    endedAt: fc.option(moment, { freq: 3 }),
    canceledAt: fc.option(moment, { freq: 3 }),
    currentPeriodEnd: fc.option(moment),
  })
  .map((r) => ({
    effectiveAt: r.effectiveAt,
    state: state({
      subscriptionId: `sub_${r.sub}`,
      currency: CURRENCIES[r.sub]!,
      status: r.status,
      items: r.items.map((it, i) => ({ ...it, itemId: `si_${i}` })),
      discounts: r.discounts.map((d, i) => ({ ...d, id: `di_${i}` })),
      trialStart: r.trial ? START : null,
      trialEnd: r.trial ? START + 14 * DAY : null,
      cancelAtPeriodEnd: r.canceledAt !== null && r.endedAt === null,
      canceledAt: r.canceledAt,
      endedAt: r.endedAt,
      currentPeriodEnd: r.currentPeriodEnd,
    }),
  }));

const snapshotsArb: fc.Arbitrary<SubscriptionSnapshot[]> = fc
  .array(snapshotArb, { minLength: 1, maxLength: 10 })
  .map((list) => list.map((s, i) => ({ ...s, eventId: `evt_${String(i).padStart(2, '0')}` })));

const presetArb = fc.constantFrom<PresetName>('default', 'stripe', 'chartmogul');
const untilArb = fc.integer({ min: START + 20 * DAY, max: START + SPAN + 5 * DAY });

/** Brute force: every day, every subscription's latest snapshot, straight through subscriptionMrr.
 *  Shares no day-jumping, netting or classification code with the ledger. */
function naiveDailyMrr(snapshots: SubscriptionSnapshot[], preset: PresetName, until: UnixSeconds) {
  const rules = presetRules(preset);
  const known = snapshots.filter((s) => s.effectiveAt <= until);
  const series = new Map<number, Map<CurrencyCode, number>>();
  for (let day = dayNumberOf(START); day <= dayNumberOf(until); day++) {
    const t = Math.min(endOfDayNumber(day), until);
    const totals = new Map<CurrencyCode, number>();
    for (const sub of new Set(known.map((s) => s.state.subscriptionId))) {
      const past = known
        .filter((s) => s.state.subscriptionId === sub && effectTime(s) <= t)
        .sort((a, b) => effectTime(a) - effectTime(b) || lifecycleRank(a) - lifecycleRank(b) || (a.eventId < b.eventId ? -1 : 1));
      const current = past.at(-1);
      if (!current) continue;
      const noTrial = current.state.trialStart === null && current.state.trialEnd === null;
      const everActive = noTrial || past.some((s) => s.state.status === 'active');
      const statusBeforeEnd = past.filter((s) => s.state.status !== 'canceled').at(-1)?.state.status;
      const mrr = subscriptionMrr(current.state, t, rules, statusBeforeEnd ? { everActive, statusBeforeEnd } : { everActive });
      totals.set(current.state.currency, (totals.get(current.state.currency) ?? 0) + mrr);
    }
    series.set(day, totals);
  }
  return series;
}

/** End-of-day MRR per currency rebuilt from the ledger rows alone. */
function mrrFromEntries(entries: LedgerEntry[], day: number, currency: CurrencyCode): number {
  const last = entries.filter((e) => e.currency === currency && e.day <= dayFromNumber(day)).at(-1);
  return last?.mrr ?? 0;
}

function shuffle<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((value, i) => ({ value, key: keys[i % Math.max(keys.length, 1)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.value);
}

describe('customer ledger properties', () => {
  it('depends only on the set of snapshots: shuffling and duplicating changes nothing', () => {
    fc.assert(
      fc.property(
        snapshotsArb,
        presetArb,
        untilArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat({ max: 9 }), { maxLength: 5 }),
        (snapshots, preset, until, keys, duplicates) => {
          const expected = buildCustomerLedger(snapshots, { preset, until });
          const copies = duplicates.flatMap((i) => (snapshots[i] ? [structuredClone(snapshots[i])] : []));
          const reordered = shuffle([...snapshots, ...copies], keys);
          expect(buildCustomerLedger(reordered, { preset, until })).toEqual(expected);
        },
      ),
    );
  });

  it('reconciles: end-of-day MRR rebuilt from the rows matches brute force every day, and deltas sum to MRR changes', () => {
    fc.assert(
      fc.property(snapshotsArb, presetArb, untilArb, fc.nat(), fc.nat(), (snapshots, preset, until, a, b) => {
        const { entries } = buildCustomerLedger(snapshots, { preset, until });
        const naive = naiveDailyMrr(snapshots, preset, until);
        const days = [...naive.keys()];
        for (const day of days) {
          for (const currency of CURRENCIES) {
            expect(mrrFromEntries(entries, day, currency), `${dayFromNumber(day)} ${currency}`).toBe(naive.get(day)!.get(currency) ?? 0);
          }
        }
        // Any day range [from, to]: the deltas inside it sum to MRR(to) − MRR(from − 1).
        const from = days[a % days.length]!;
        const to = days[Math.max(a % days.length, b % days.length)]!;
        for (const currency of CURRENCIES) {
          const sum = entries
            .filter((e) => e.currency === currency && e.day >= dayFromNumber(from) && e.day <= dayFromNumber(to))
            .reduce((s, e) => s + e.delta, 0);
          expect(sum).toBe(mrrFromEntries(entries, to, currency) - mrrFromEntries(entries, from - 1, currency));
        }
      }),
    );
  });

  it('rows are sorted, non-zero, and classified on the total: churn ends at 0, new and reactivation start from 0', () => {
    fc.assert(
      fc.property(snapshotsArb, presetArb, untilArb, (snapshots, preset, until) => {
        const { entries } = buildCustomerLedger(snapshots, { preset, until });
        const levels = new Map<CurrencyCode, number>();
        let everPositive = false;
        let previousKey = '';
        const byDay = new Map<string, LedgerEntry[]>();
        for (const e of entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
        for (const [day, rows] of byDay) {
          const wasPositive = [...levels.values()].some((v) => v > 0);
          for (const row of rows) {
            const key = `${day} ${row.currency}`;
            expect(key > previousKey).toBe(true);
            previousKey = key;
            expect(row.delta).not.toBe(0);
            expect(row.mrr).toBe((levels.get(row.currency) ?? 0) + row.delta);
            levels.set(row.currency, row.mrr);
          }
          const nowPositive = [...levels.values()].some((v) => v > 0);
          for (const row of rows) {
            if (row.movement === 'churn') expect(nowPositive).toBe(false);
            if (row.movement === 'new' || row.movement === 'reactivation') expect(wasPositive).toBe(false);
            if (row.movement === 'new') expect(everPositive).toBe(false);
            if (row.movement === 'reactivation') expect(everPositive).toBe(true);
            if (row.movement === 'expansion') expect(row.delta).toBeGreaterThan(0);
            if (row.movement === 'contraction') expect(row.delta).toBeLessThan(0);
            if (row.movement === 'expansion' || row.movement === 'contraction') expect(wasPositive && nowPositive).toBe(true);
          }
          if (!wasPositive && nowPositive) expect(rows[0]!.movement).toBe(everPositive ? 'reactivation' : 'new');
          if (wasPositive && !nowPositive) expect(rows.every((r) => r.movement === 'churn')).toBe(true);
          everPositive ||= nowPositive;
        }
      }),
    );
  });

  it('a converted trial converts on or after the day it started', () => {
    fc.assert(
      fc.property(snapshotsArb, presetArb, untilArb, (snapshots, preset, until) => {
        for (const trial of buildCustomerLedger(snapshots, { preset, until }).trials) {
          if (trial.convertedDay !== null) expect(trial.convertedDay >= trial.startedDay).toBe(true);
        }
      }),
    );
  });
});
