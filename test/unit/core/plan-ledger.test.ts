// Plan attribution: a subscription's MRR split over its plans, and the per-plan ledger that must
// add up, currency by currency and day by day, to the customer ledger.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCustomerLedger } from '../../../src/core/ledger.js';
import { buildPlanLedger } from '../../../src/core/plan-ledger.js';
import { splitMrrByPlan } from '../../../src/core/plan-split.js';
import type { PresetName, SubscriptionSnapshot, SubscriptionStatus } from '../../../src/core/types.js';
import { at, discount, item, snap, state } from './subscription-fixtures.js';

const DAY = 86_400;
const START = at('2024-01-01T00:00:00Z');

describe('splitMrrByPlan', () => {
  it.each([
    ['one plan takes everything', [item({ unitAmountDecimal: '2900' })], 2900, [['prod_pro', 2900]]],
    [
      'two plans in proportion to their monthly amounts (yearly ÷ 12)',
      [item({ itemId: 'a', productId: 'prod_a', unitAmountDecimal: '3000' }), item({ itemId: 'b', productId: 'prod_b', unitAmountDecimal: '12000', interval: 'year' })],
      4000,
      [['prod_a', 3000], ['prod_b', 1000]],
    ],
    [
      'a discount scales every share; the remainder goes to the largest item',
      [item({ itemId: 'a', productId: 'prod_a', unitAmountDecimal: '1000' }), item({ itemId: 'b', productId: 'prod_b', unitAmountDecimal: '2000' })],
      1000, // 3000 with a discount down to 1000: 333.3 and 666.6 → 333 and 667
      [['prod_a', 333], ['prod_b', 667]],
    ],
    [
      'items of one product are one plan; metered items get nothing',
      [item({ itemId: 'a', unitAmountDecimal: '1000' }), item({ itemId: 'b', unitAmountDecimal: '500', quantity: 2 }), item({ itemId: 'm', productId: 'prod_meter', usageType: 'metered' })],
      2000,
      [['prod_pro', 2000]],
    ],
    ['no MRR, no shares', [item()], 0, []],
    ['a price without product is its own plan', [item({ productId: null, priceId: 'price_x', planName: null })], 500, [['price_x', 500]]],
  ])('%s', (_name, items, mrr, expected) => {
    const shares = splitMrrByPlan(items, mrr);
    expect(shares.map((s) => [s.planId, s.amount])).toEqual(expected);
  });

  it('always sums to the MRR exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 0, max: 50_000 }), product: fc.constantFrom('a', 'b', 'c'), year: fc.boolean() }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (specs, mrr) => {
          const items = specs.map((s, i) => item({ itemId: `si_${i}`, productId: `prod_${s.product}`, unitAmountDecimal: String(s.amount), interval: s.year ? 'year' : 'month' }));
          const shares = splitMrrByPlan(items, mrr);
          expect(shares.reduce((sum, s) => sum + s.amount, 0)).toBe(shares.length === 0 ? 0 : mrr);
          for (const s of shares) expect(s.amount).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

const moment = fc.oneof(fc.integer({ min: START, max: START + 60 * DAY }), fc.integer({ min: 0, max: 60 }).map((d) => START + d * DAY + 3600));
const snapshotArb = fc
  .record({
    sub: fc.integer({ min: 0, max: 2 }),
    effectiveAt: moment,
    status: fc.constantFrom<SubscriptionStatus>('active', 'active', 'past_due', 'trialing', 'canceled'),
    plans: fc.array(fc.record({ product: fc.constantFrom('basic', 'pro', 'seats'), amount: fc.integer({ min: 0, max: 9000 }), quantity: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 }),
    percentOff: fc.option(fc.constantFrom('20', '50', '100')),
    endedAt: fc.option(moment, { freq: 4 }),
  })
  .map((r) => ({
    effectiveAt: r.effectiveAt,
    state: state({
      subscriptionId: `sub_${r.sub}`,
      currency: r.sub === 2 ? 'eur' : 'usd',
      status: r.status,
      items: r.plans.map((p, i) => item({ itemId: `si_${i}`, productId: `prod_${p.product}`, planName: p.product, unitAmountDecimal: String(p.amount), quantity: p.quantity })),
      discounts: r.percentOff ? [discount({ percentOff: r.percentOff, start: START + 10 * DAY })] : [],
      endedAt: r.endedAt,
    }),
  }));
const snapshotsArb: fc.Arbitrary<SubscriptionSnapshot[]> = fc
  .array(snapshotArb, { minLength: 1, maxLength: 8 })
  .map((list) => list.map((s, i) => ({ ...s, eventId: `evt_${String(i).padStart(2, '0')}` })));

describe('buildPlanLedger', () => {
  it('moves MRR between plans on a plan switch at the same price, without a ledger row', () => {
    const snapshots = [
      snap('evt_1', '2024-01-05', { items: [item({ productId: 'prod_a', planName: 'A', unitAmountDecimal: '5000' })] }),
      snap('evt_2', '2024-02-05', { items: [item({ productId: 'prod_b', planName: 'B', unitAmountDecimal: '5000' })] }),
    ];
    const plans = buildPlanLedger(snapshots, { preset: 'default', until: at('2024-03-01') });
    expect(plans.entries.map((e) => [e.day, e.planId, e.mrr, e.delta])).toEqual([
      ['2024-01-05', 'prod_a', 5000, 5000],
      ['2024-02-05', 'prod_a', 0, -5000],
      ['2024-02-05', 'prod_b', 5000, 5000],
    ]);
    expect(plans.names).toEqual(new Map([['prod_a', 'A'], ['prod_b', 'B']]));
    expect(buildCustomerLedger(snapshots, { preset: 'default', until: at('2024-03-01') }).entries).toHaveLength(1);
  });

  it('sums over plans to the customer ledger, every currency and day', () => {
    fc.assert(
      fc.property(snapshotsArb, fc.constantFrom<PresetName>('default', 'stripe', 'chartmogul'), (snapshots, preset) => {
        const until = START + 70 * DAY;
        const ledger = buildCustomerLedger(snapshots, { preset, until }).entries;
        const plans = buildPlanLedger(snapshots, { preset, until }).entries;
        const days = [...new Set([...ledger, ...plans].map((e) => e.day))].sort();
        for (const day of days) {
          for (const currency of ['usd', 'eur']) {
            const level = ledger.filter((e) => e.currency === currency && e.day <= day).at(-1)?.mrr ?? 0;
            const latest = new Map<string, number>();
            for (const e of plans) if (e.currency === currency && e.day <= day) latest.set(e.planId, e.mrr);
            expect([...latest.values()].reduce((s, v) => s + v, 0)).toBe(level);
          }
        }
        for (const e of plans) expect(e.mrr).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
