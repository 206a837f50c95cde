import { describe, expect, it } from 'vitest';
import { reconstructSubscription, type ReconstructInput } from '../../../../../src/ingest/stripe/sync/reconstruct.js';
import { transformStripeEvent } from '../../../../../src/ingest/stripe/transform.js';
import type { StripeObject } from '../../../../../src/ingest/stripe/sync/synthetic.js';
import type { SubscriptionState } from '../../../../../src/core/types.js';

const DAY = 86_400;
const T0 = 1_735_689_600; // 2025-01-01

const price = (id: string, amount: number) => ({
  id, object: 'price', active: true, billing_scheme: 'per_unit', created: T0 - 100 * DAY, currency: 'usd', livemode: false,
  lookup_key: null, metadata: {}, nickname: null, product: 'prod_1',
  recurring: { aggregate_usage: null, interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' },
  tax_behavior: 'unspecified', tiers_mode: null, transform_quantity: null, type: 'recurring', unit_amount: amount, unit_amount_decimal: String(amount),
});
const STARTER = price('price_starter', 2900);
const GROWTH = price('price_growth', 1500);

type LineSpec = { price: ReturnType<typeof price>; qty: number; amount: number; start: number; end: number; proration?: boolean };
let lineCount = 0;
const legacyLine = (invoice: string, l: LineSpec) => ({
  id: `il_${++lineCount}`, object: 'line_item', amount: l.amount, currency: 'usd', description: null, discount_amounts: [],
  invoice, livemode: false, period: { start: l.start, end: l.end }, plan: null, price: l.price, proration: l.proration ?? false,
  quantity: l.qty, subscription: 'sub_1', subscription_item: 'si_1', type: l.proration ? 'invoiceitem' : 'subscription',
});
const legacyInvoice = (id: string, created: number, reason: string, lines: LineSpec[], extra: Record<string, unknown> = {}) => ({
  id, object: 'invoice', customer: 'cus_1', currency: 'usd', status: 'paid', number: `N-${id}`, billing_reason: reason, created,
  period_start: created, period_end: created, subtotal: 0, total: 0, total_excluding_tax: 0, total_discount_amounts: [], amount_due: 0,
  amount_paid: 0, amount_remaining: 0, starting_balance: 0, attempt_count: 1,
  status_transitions: { finalized_at: created, marked_uncollectible_at: null, paid_at: created + 3600, voided_at: null },
  lines: { object: 'list', data: lines.map((l) => legacyLine(id, l)), has_more: false }, subscription: 'sub_1', charge: null,
  discount: null, discounts: [], livemode: false, ...extra,
});
const discount = (id: string, start: number) => ({
  id, object: 'discount', coupon: { id: 'LOYAL20', object: 'coupon', amount_off: null, created: T0 - DAY, currency: null, duration: 'forever', duration_in_months: null, livemode: false, max_redemptions: null, metadata: {}, name: 'Loyal', percent_off: 20, redeem_by: null, times_redeemed: 1, valid: true },
  customer: 'cus_1', end: null, invoice: null, invoice_item: null, promotion_code: null, start, subscription: 'sub_1',
});

/** Today's subscription: upgraded to 3 × Growth, cancelled at period end, ended. */
const current = {
  id: 'sub_1', object: 'subscription', customer: 'cus_1', currency: 'usd', status: 'canceled', livemode: false, created: T0,
  start_date: T0, trial_start: T0, trial_end: T0 + 14 * DAY, cancel_at_period_end: true, cancel_at: T0 + 74 * DAY,
  canceled_at: T0 + 50 * DAY, ended_at: T0 + 74 * DAY, current_period_start: T0 + 44 * DAY, current_period_end: T0 + 74 * DAY,
  cancellation_details: { comment: null, feedback: 'too_expensive', reason: 'cancellation_requested' },
  discount: null, discounts: [], metadata: {}, plan: null, quantity: 3,
  items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', created: T0, metadata: {}, plan: null, price: GROWTH, quantity: 3, subscription: 'sub_1' }], has_more: false, total_count: 1 },
} as unknown as StripeObject;

const history = [
  legacyInvoice('in_1', T0, 'subscription_create', [{ price: STARTER, qty: 1, amount: 0, start: T0, end: T0 + 14 * DAY }]),
  legacyInvoice('in_2', T0 + 14 * DAY, 'subscription_cycle', [{ price: STARTER, qty: 1, amount: 2900, start: T0 + 14 * DAY, end: T0 + 44 * DAY }]),
  legacyInvoice('in_3', T0 + 20 * DAY, 'subscription_update', [
    { price: STARTER, qty: 1, amount: -2320, start: T0 + 20 * DAY, end: T0 + 44 * DAY, proration: true },
    { price: GROWTH, qty: 3, amount: 3600, start: T0 + 20 * DAY, end: T0 + 44 * DAY, proration: true },
  ]),
  legacyInvoice('in_4', T0 + 44 * DAY, 'subscription_cycle', [{ price: GROWTH, qty: 3, amount: 4500, start: T0 + 44 * DAY, end: T0 + 74 * DAY }], { discount: discount('di_1', T0 + 30 * DAY), discounts: ['di_1'] }),
] as unknown as StripeObject[];

const input = (over: Partial<ReconstructInput> = {}): ReconstructInput => ({
  subscription: current, invoices: history, charges: [], priceById: () => null, cutoff: T0 + 400 * DAY, ...over,
});

/** What the pipeline will make of a reconstructed object. */
function stateOf(object: StripeObject, at: number): SubscriptionState {
  const result = transformStripeEvent({ id: 'evt_x', object: 'event', created: at, livemode: false, type: 'customer.subscription.updated', data: { object } });
  if (!result.ok) throw new Error(`${result.drop}: ${result.detail}`);
  return result.records.subscriptions![0]!.snapshot.state;
}
const summary = (s: SubscriptionState) => ({
  status: s.status, items: s.items.map((i) => `${i.priceId}×${i.quantity}`).join(','), discounts: s.discounts.map((d) => d.id).join(','),
  canceledAt: s.canceledAt, cancelAtPeriodEnd: s.cancelAtPeriodEnd, period: [s.currentPeriodStart, s.currentPeriodEnd], endedAt: s.endedAt,
});

describe('reconstructSubscription', () => {
  it('replays start, trial end, a prorated upgrade, renewals, a discount and a cancellation request', () => {
    const moments = reconstructSubscription(input());
    expect(moments.map((m) => [m.at - T0, m.tags.join('+')])).toEqual([
      [0, 'start'],
      [14 * DAY, 'renewal+trial_end'],
      [20 * DAY, 'change'],
      [30 * DAY, 'discount'],
      [44 * DAY, 'renewal'],
      [50 * DAY, 'cancel_request'],
    ]);
    expect(moments.map((m) => summary(stateOf(m.object, m.at)))).toEqual([
      { status: 'trialing', items: 'price_starter×1', discounts: '', canceledAt: null, cancelAtPeriodEnd: false, period: [T0, T0 + 14 * DAY], endedAt: null },
      { status: 'active', items: 'price_starter×1', discounts: '', canceledAt: null, cancelAtPeriodEnd: false, period: [T0 + 14 * DAY, T0 + 44 * DAY], endedAt: null },
      { status: 'active', items: 'price_growth×3', discounts: '', canceledAt: null, cancelAtPeriodEnd: false, period: [T0 + 14 * DAY, T0 + 44 * DAY], endedAt: null },
      { status: 'active', items: 'price_growth×3', discounts: 'di_1', canceledAt: null, cancelAtPeriodEnd: false, period: [T0 + 14 * DAY, T0 + 44 * DAY], endedAt: null },
      { status: 'active', items: 'price_growth×3', discounts: 'di_1', canceledAt: null, cancelAtPeriodEnd: false, period: [T0 + 44 * DAY, T0 + 74 * DAY], endedAt: null },
      { status: 'active', items: 'price_growth×3', discounts: 'di_1', canceledAt: T0 + 50 * DAY, cancelAtPeriodEnd: true, period: [T0 + 44 * DAY, T0 + 74 * DAY], endedAt: null },
    ]);
    // The current object (stored separately) carries the end itself.
    expect(moments.every((m) => m.at < (current.ended_at as number))).toBe(true);
  });

  it('leaves moments at or after the cutoff to the real events', () => {
    const moments = reconstructSubscription(input({ cutoff: T0 + 30 * DAY }));
    expect(moments.map((m) => m.at - T0)).toEqual([0, 14 * DAY, 20 * DAY]);
  });

  it('marks a failed renewal past_due until it is paid, and a trial without any payment attempt past_due', () => {
    const failing = history.map((inv) => (inv.id === 'in_4' ? { ...inv, status_transitions: { ...(inv.status_transitions as object), paid_at: T0 + 47 * DAY } } : inv));
    const charges = [{ id: 'ch_1', object: 'charge', invoice: 'in_4', status: 'failed', created: T0 + 44 * DAY + 3600 }] as unknown as StripeObject[];
    const moments = reconstructSubscription(input({ invoices: failing, charges }));
    const statuses = moments.map((m) => [m.at - T0, stateOf(m.object, m.at).status]);
    expect(statuses).toContainEqual([44 * DAY + 3600, 'past_due']);
    expect(statuses).toContainEqual([47 * DAY, 'active']);

    const unpaidTrial = history.slice(0, 2).map((inv) => (inv.id === 'in_2' ? { ...inv, status: 'open', status_transitions: { ...(inv.status_transitions as object), paid_at: null } } : inv));
    const lapsed = reconstructSubscription(input({ invoices: unpaidTrial, subscription: { ...current, canceled_at: T0 + 24 * DAY, ended_at: T0 + 24 * DAY, cancel_at_period_end: false } as StripeObject }));
    expect(lapsed.map((m) => stateOf(m.object, m.at).status)).toEqual(['trialing', 'past_due']);
  });

  it('reads the newer API shape: periods on items, prices by id, lines under parent and pricing', () => {
    const item = { id: 'si_1', object: 'subscription_item', price: GROWTH, quantity: 2, current_period_start: T0 + 31 * DAY, current_period_end: T0 + 59 * DAY };
    const basil = { ...current, status: 'active', trial_start: null, trial_end: null, canceled_at: null, ended_at: null, cancel_at: null, cancel_at_period_end: false, items: { object: 'list', data: [item], has_more: false } } as Record<string, unknown>;
    delete basil.current_period_start;
    delete basil.current_period_end;
    delete basil.plan;
    delete basil.quantity;
    delete basil.discount;
    const line = (id: string, priceId: string, qty: number, start: number, end: number) => ({
      id, object: 'line_item', amount: 0, currency: 'usd', description: null, discount_amounts: [], period: { start, end }, quantity: qty,
      parent: { type: 'subscription_item_details', subscription_item_details: { invoice_item: null, proration: false, subscription: 'sub_1', subscription_item: 'si_1' } },
      pricing: { price_details: { price: priceId, product: 'prod_1' }, unit_amount_decimal: '0' },
    });
    const invoice = (id: string, created: number, reason: string, l: ReturnType<typeof line>) => ({
      ...legacyInvoice(id, created, reason, []), subscription: undefined, parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1' } }, lines: { object: 'list', data: [l], has_more: false },
    });
    const invoices = [
      invoice('in_a', T0, 'subscription_create', line('il_a', 'price_starter', 1, T0, T0 + 31 * DAY)),
      invoice('in_b', T0 + 31 * DAY, 'subscription_cycle', line('il_b', 'price_growth', 2, T0 + 31 * DAY, T0 + 59 * DAY)),
    ] as unknown as StripeObject[];
    const prices = new Map([[STARTER.id, STARTER], [GROWTH.id, GROWTH]] as [string, StripeObject][]);
    const moments = reconstructSubscription(input({ subscription: basil as StripeObject, invoices, priceById: (id) => prices.get(id) ?? null }));
    expect(moments.map((m) => summary(stateOf(m.object, m.at)))).toEqual([
      { status: 'active', items: 'price_starter×1', discounts: '', canceledAt: null, cancelAtPeriodEnd: false, period: [T0, T0 + 31 * DAY], endedAt: null },
      { status: 'active', items: 'price_growth×2', discounts: '', canceledAt: null, cancelAtPeriodEnd: false, period: [T0 + 31 * DAY, T0 + 59 * DAY], endedAt: null },
    ]);
    expect((moments[0]!.object.items as { data: Array<Record<string, unknown>> }).data[0]).toMatchObject({ current_period_start: T0, current_period_end: T0 + 31 * DAY });
    expect('current_period_start' in moments[0]!.object).toBe(false);
  });

  it('reconstructs nothing for a subscription that never started, or an object it cannot read', () => {
    expect(reconstructSubscription(input({ subscription: { ...current, status: 'incomplete_expired' } as StripeObject }))).toEqual([]);
    expect(reconstructSubscription(input({ subscription: { id: 'sub_x', object: 'subscription' } as StripeObject }))).toEqual([]);
  });
});
