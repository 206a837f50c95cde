import { describe, expect, it } from 'vitest';
import type { LiveEnvelope } from '../live/live-message.js';
import { activityFrom, addActivity, type ActivityItem } from './activity.js';

let seq = 100;
const msg = (type: string, data: unknown, at = '2026-01-15T12:00:00.000Z'): LiveEnvelope => ({ type, seq: ++seq, at, data });
const feed = (...messages: LiveEnvelope[]) => messages.map(activityFrom).filter((i): i is ActivityItem => i !== null).reduce<ActivityItem[]>((items, item) => addActivity(items, item), []);

describe('activityFrom', () => {
  it.each([
    ['a trial signup', msg('new_signup', { customerId: 'cus_1', name: 'Acme', day: '2026-01-15', status: 'trialing', currency: null, mrr: 0, planId: null, planName: 'Pro' }), 'trial', null],
    ['an upgrade', msg('subscription_changed', { customerId: 'cus_1', day: '2026-01-15', movement: 'expansion', currency: 'usd', amount: 2_000, mrr: 6_900, eventId: 'evt_1' }), 'upgrade', 2_000],
    ['a downgrade', msg('subscription_changed', { customerId: 'cus_1', day: '2026-01-15', movement: 'contraction', currency: 'usd', amount: -2_000, mrr: 4_900, eventId: 'evt_2' }), 'downgrade', -2_000],
    ['a payment', msg('payment_received', { paymentId: 'ch_1', customerId: 'cus_1', invoiceId: 'in_1', currency: 'eur', amount: 4_900, eventId: 'evt_3' }), 'payment', 4_900],
    ['a failure', msg('payment_failed', { paymentId: 'ch_2', customerId: 'cus_1', invoiceId: 'in_1', currency: 'eur', amount: 4_900, failureCode: 'card_declined', declineCode: 'insufficient_funds', eventId: 'evt_4' }), 'failure', 4_900],
    ['a scheduled cancellation', msg('churn_alert', { customerId: 'cus_1', name: 'Acme', reason: 'cancellation_scheduled', currency: 'usd', mrr: 4_900, planName: 'Pro' }), 'cancellation', 4_900],
  ])('reads %s', (_name, message, kind, amount) => {
    const item = activityFrom(message)!;
    expect(item.kind).toBe(kind);
    expect(item.amount).toBe(amount);
  });

  it('ignores what is not activity, and malformed data', () => {
    expect(activityFrom(msg('mrr_updated', { mrr: 1 }))).toBeNull();
    expect(activityFrom(msg('sync_status', {}))).toBeNull();
    expect(activityFrom(msg('payment_received', { amount: 'lots' }))).toBeNull();
  });
});

describe('addActivity', () => {
  it('makes one line of a paid signup, whichever message comes first, with the name and amount', () => {
    const signup = msg('new_signup', { customerId: 'cus_9', name: 'Globex', day: '2026-01-15', status: 'active', currency: 'usd', mrr: 9_900, planId: 'p', planName: 'Team' });
    const movement = msg('subscription_changed', { customerId: 'cus_9', day: '2026-01-15', movement: 'new', currency: 'usd', amount: 9_900, mrr: 9_900, eventId: 'evt_9' });
    for (const items of [feed(signup, movement), feed(movement, signup)]) {
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'signup', name: 'Globex', amount: 9_900, detail: 'Team' });
    }
  });

  it('makes one line of a churn, named from the alert', () => {
    const items = feed(
      msg('subscription_changed', { customerId: 'cus_5', day: '2026-01-15', movement: 'churn', currency: 'usd', amount: -4_900, mrr: 0, eventId: 'evt_5' }),
      msg('churn_alert', { customerId: 'cus_5', name: 'Initech', reason: 'churned', currency: 'usd', mrr: 4_900, planName: null }),
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'churn', name: 'Initech', amount: 4_900 });
  });

  it('keeps newest first, ignores a replayed message and names later lines from earlier ones', () => {
    const first = msg('new_signup', { customerId: 'cus_2', name: 'Hooli', day: '2026-01-15', status: 'trialing', currency: null, mrr: 0, planId: null, planName: null });
    const payment = msg('payment_received', { paymentId: 'ch_9', customerId: 'cus_2', invoiceId: null, currency: 'usd', amount: 100, eventId: 'e' });
    const items = feed(first, payment, first);
    expect(items.map((i) => i.kind)).toEqual(['payment', 'trial']);
    expect(items[0]!.name).toBe('Hooli');
  });

  it('keeps at most the cap', () => {
    const many = Array.from({ length: 80 }, (_, i) => msg('payment_received', { paymentId: `ch_${i}`, customerId: null, invoiceId: null, currency: 'usd', amount: i, eventId: `e${i}` }));
    expect(feed(...many)).toHaveLength(60);
  });
});
