import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveEnvelope } from '../live/live-message.js';
import { summaryFixture } from './fixtures.js';
import { applyLiveMessage, isResync } from './live-summary.js';
import { pickFigures } from './summary.js';

const figures = { currency: 'usd', mrr: 1_290_600, arr: 15_487_200, payingCustomers: 313, arpa: 4_123 };
const at = '2026-01-15T12:00:10.000Z';

function message(type: string, data: unknown, seq: number | null = 41): LiveEnvelope {
  return { type, seq, at, data };
}

describe('applyLiveMessage', () => {
  const summary = summaryFixture({ seq: 40 });

  it('replaces the headline figures from mrr_updated and moves seq and the last event', () => {
    const next = applyLiveMessage(summary, message('mrr_updated', { ...figures, secret: 'x' }));
    expect(pickFigures(next)).toEqual(figures);
    expect(next).not.toHaveProperty('secret');
    expect(next.seq).toBe(41);
    expect(next.asOf).toBe(at);
    expect(next.lastEventAt).toBe(at);
  });

  it('counts a signup of today, and its trial', () => {
    const next = applyLiveMessage(summary, message('new_signup', { customerId: 'cus_1', name: 'A', day: '2026-01-15', status: 'trialing', currency: 'usd', mrr: 0 }));
    expect(next.today.signups).toBe(summary.today.signups + 1);
    expect(next.activeTrials).toBe(summary.activeTrials + 1);
    const yesterday = applyLiveMessage(summary, message('new_signup', { day: '2026-01-14', status: 'active' }));
    expect(yesterday.today.signups).toBe(summary.today.signups);
  });

  it('counts churn, not scheduled cancellations', () => {
    expect(applyLiveMessage(summary, message('churn_alert', { reason: 'churned' })).today.churnedCustomers).toBe(summary.today.churnedCustomers + 1);
    expect(applyLiveMessage(summary, message('churn_alert', { reason: 'cancellation_scheduled' })).today.churnedCustomers).toBe(summary.today.churnedCustomers);
  });

  it('adds payments in the reporting currency to today\'s revenue; others wait for the refetch', () => {
    expect(applyLiveMessage(summary, message('payment_received', { currency: 'usd', amount: 4_900 })).today.revenueCollected).toBe(summary.today.revenueCollected + 4_900);
    expect(applyLiveMessage(summary, message('payment_received', { currency: 'eur', amount: 4_900 })).today.revenueCollected).toBe(summary.today.revenueCollected);
  });

  it('counts a payment event once, even when it arrives again under another seq', () => {
    const once = applyLiveMessage(summary, message('payment_received', { currency: 'usd', amount: 4_900, eventId: 'evt_pay_1' }, 41));
    const between = applyLiveMessage(once, message('new_signup', { day: '2026-01-15', status: 'active' }, 42));
    const twice = applyLiveMessage(between, message('payment_received', { currency: 'usd', amount: 4_900, eventId: 'evt_pay_1' }, 43));
    expect(twice.today.revenueCollected).toBe(summary.today.revenueCollected + 4_900);
    const other = applyLiveMessage(twice, message('payment_received', { currency: 'usd', amount: 100, eventId: 'evt_pay_2' }, 44));
    expect(other.today.revenueCollected).toBe(summary.today.revenueCollected + 5_000);
  });

  it('ignores messages the summary already includes, and non-data messages', () => {
    expect(applyLiveMessage(summary, message('mrr_updated', figures, 40))).toBe(summary);
    expect(applyLiveMessage(summary, message('sync_status', { status: 'done' }))).toBe(summary);
    expect(applyLiveMessage(summary, message('mrr_updated', { ...figures, mrr: 1.5 })).mrr).toBe(summary.mrr);
  });

  it('ends at the figures of the newest message, whatever replays came before (property)', () => {
    const update = fc.record({
      seq: fc.integer({ min: 0, max: 100 }),
      figures: fc.record({ currency: fc.constantFrom('usd', 'jpy'), mrr: fc.nat(), arr: fc.nat(), payingCustomers: fc.nat(), arpa: fc.nat() }),
    });
    fc.assert(
      fc.property(fc.array(update, { minLength: 1, maxLength: 20 }), (updates) => {
        const final = updates.reduce((s, u) => applyLiveMessage(s, message('mrr_updated', u.figures, u.seq)), summary);
        const applied = updates.filter((u, i) => u.seq > Math.max(40, ...updates.slice(0, i).map((p) => p.seq)));
        expect(pickFigures(final)).toEqual(applied.length ? applied.at(-1)!.figures : pickFigures(summary));
      }),
    );
  });
});

describe('isResync', () => {
  it.each([
    ['resync', true],
    ['mrr_updated', false],
  ])('%s → %s', (type, expected) => {
    expect(isResync(message(type, {}))).toBe(expected);
  });
});
