// transformPaypalEvent, table-driven: PayPal webhook events (test/helpers/paypal-events.ts, in
// PayPal's documented shapes) in, records or drops out.
import { describe, expect, it } from 'vitest';
import type { SubscriptionState } from '../../../../src/core/types.js';
import { transformPaypalEvent } from '../../../../src/ingest/paypal/transform.js';
import type { TransformResult } from '../../../../src/ingest/records.js';
import { paypalEvent, paypalPlan, paypalRefund, paypalSale, paypalSubscription, paypalTime } from '../../../helpers/paypal-events.js';

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY = 86_400;
const plan = paypalPlan({ id: 'P-BASIC', name: 'Basic', productId: 'PROD-1', value: '49.00', trial: { value: '0', intervalUnit: 'DAY', intervalCount: 14 } });

function ok(result: TransformResult) {
  if (!result.ok) throw new Error(`dropped: ${result.drop} ${result.detail}`);
  return result;
}
function stateOf(result: TransformResult): SubscriptionState {
  const state = ok(result).records.subscriptions?.[0]?.snapshot.state;
  if (!state) throw new Error('no snapshot');
  return state;
}
const subEvent = (type: string, options: Partial<Parameters<typeof paypalSubscription>[0]> = {}, at = T0 + 60) =>
  transformPaypalEvent(paypalEvent(type, paypalSubscription({ id: 'I-SUB1', planId: 'P-BASIC', payerId: 'PAYERA', start: T0, ...options }), at));

describe('the envelope', () => {
  it('meta: id, type, create_time in unix seconds, object id and time, live unless sandbox links', () => {
    const live = ok(transformPaypalEvent(paypalEvent('BILLING.PLAN.CREATED', plan, T0 + 5, { id: 'WH-1' })));
    expect(live.event).toEqual({ id: 'WH-1', type: 'BILLING.PLAN.CREATED', created: T0 + 5, livemode: true, objectId: 'P-BASIC', objectCreated: 1_700_000_000 });
    const sandbox = ok(transformPaypalEvent(paypalEvent('BILLING.PLAN.CREATED', plan, T0 + 5, { sandbox: true })));
    expect(sandbox.event.livemode).toBe(false);
  });

  it('fractional seconds and offsets in create_time', () => {
    const event = { ...paypalEvent('BILLING.PLAN.CREATED', plan, T0), create_time: '2026-01-01T02:00:00.736+02:00' };
    expect(ok(transformPaypalEvent(event)).event.created).toBe(T0);
  });

  it.each([
    ['not an object', 'x', /^\(event\)/],
    ['no id', { ...paypalEvent('BILLING.PLAN.CREATED', plan, T0), id: undefined }, /^id:/],
    ['a time without a zone', { ...paypalEvent('BILLING.PLAN.CREATED', plan, T0), create_time: '2026-01-01T00:00:00' }, /^create_time: expected an ISO 8601 time/],
    ['no resource', { ...paypalEvent('BILLING.PLAN.CREATED', plan, T0), resource: undefined }, /^resource:/],
  ])('a malformed envelope (%s) is dropped naming the field', (_name, input, detail) => {
    const result = transformPaypalEvent(input);
    expect(result).toMatchObject({ ok: false, event: null, drop: 'malformed' });
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it.each(['CATALOG.PRODUCT.CREATED', 'CHECKOUT.ORDER.APPROVED', 'PAYMENT.CAPTURE.COMPLETED'])('%s is unsupported', (type) => {
    const result = transformPaypalEvent(paypalEvent(type, { id: 'X-1' }, T0));
    expect(result).toMatchObject({ ok: false, drop: 'unsupported_type', detail: `${type} does not move revenue or payments` });
    expect(!result.ok && result.event?.objectId).toBe('X-1');
  });
});

describe('subscription events', () => {
  it.each([
    ['BILLING.SUBSCRIPTION.CREATED', 'ACTIVE', 'active'],
    ['BILLING.SUBSCRIPTION.ACTIVATED', 'ACTIVE', 'active'],
    ['BILLING.SUBSCRIPTION.UPDATED', 'ACTIVE', 'active'],
    ['BILLING.SUBSCRIPTION.RE-ACTIVATED', 'ACTIVE', 'active'],
    ['BILLING.SUBSCRIPTION.SUSPENDED', 'SUSPENDED', 'unpaid'],
    ['BILLING.SUBSCRIPTION.CANCELLED', 'CANCELLED', 'canceled'],
    ['BILLING.SUBSCRIPTION.EXPIRED', 'EXPIRED', 'canceled'],
    ['BILLING.SUBSCRIPTION.PAYMENT.FAILED', 'ACTIVE', 'active'],
  ] as const)('%s (%s) → %s', (type, status, expected) => {
    const state = stateOf(subEvent(type, { status, plan, regularCyclesCompleted: 1 }));
    expect(state.status).toBe(expected);
  });

  it('a full snapshot with an embedded plan: customer, item, times', () => {
    const result = ok(subEvent('BILLING.SUBSCRIPTION.ACTIVATED', { plan, quantity: '3', regularCyclesCompleted: 1, nextBillingTime: T0 + 30 * DAY, lastPayment: { value: '147.00', time: T0 }, email: 'ana@example.com', givenName: 'Ana', surname: 'Lima', country: 'br' }, T0 + 60));
    expect(result.records.customers).toEqual([{ id: 'paypal_PAYERA', email: 'ana@example.com', name: 'Ana Lima', country: 'BR', currency: null, created: T0, deleted: false, metadata: { paypal_payer_id: 'PAYERA' } }]);
    const [record] = result.records.subscriptions!;
    expect(record).toEqual({
      snapshot: {
        state: {
          subscriptionId: 'I-SUB1', customerId: 'paypal_PAYERA', currency: 'usd', status: 'active',
          items: [{ itemId: 'I-SUB1:plan', priceId: 'P-BASIC', productId: 'PROD-1', planName: 'Basic', usageType: 'licensed', billingScheme: 'per_unit', unitAmountDecimal: '4900', tiers: null, tiersMode: null, transformQuantity: null, quantity: 3, interval: 'month', intervalCount: 1 }],
          discounts: [], startDate: T0, trialStart: null, trialEnd: null, cancelAtPeriodEnd: false, cancelAt: null, canceledAt: null, endedAt: null,
          currentPeriodStart: T0, currentPeriodEnd: T0 + 30 * DAY,
        },
        effectiveAt: T0 + 60,
        eventId: expect.stringMatching(/^WH-/),
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    });
    expect(result.records.payments).toBeUndefined();
  });

  it.each([
    ['in the trial tenure', { trial: { cyclesCompleted: 0 } }, 'trialing', T0 + 14 * DAY],
    ['trial over, first regular cycle billed', { trial: { cyclesCompleted: 1 }, regularCyclesCompleted: 1 }, 'active', null],
    ['trial cycles left but a regular cycle completed', { trial: { cyclesCompleted: 0, totalCycles: 2 }, regularCyclesCompleted: 1 }, 'active', null],
    ['no trial at all', {}, 'active', null],
  ] as const)('trial → active: %s', (_name, options, status, trialEnd) => {
    const state = stateOf(subEvent('BILLING.SUBSCRIPTION.ACTIVATED', { ...options, plan, nextBillingTime: T0 + 14 * DAY }));
    expect(state.status).toBe(status);
    expect(state.trialEnd).toBe(trialEnd);
    expect(state.trialStart).toBe('trial' in options ? T0 : null);
  });

  it('cancelled and expired end at status_update_time, at once', () => {
    for (const [type, status] of [['BILLING.SUBSCRIPTION.CANCELLED', 'CANCELLED'], ['BILLING.SUBSCRIPTION.EXPIRED', 'EXPIRED']] as const) {
      const state = stateOf(subEvent(type, { status, plan, statusUpdateTime: T0 + 40 * DAY }, T0 + 40 * DAY + 5));
      expect(state).toMatchObject({ status: 'canceled', canceledAt: T0 + 40 * DAY, endedAt: T0 + 40 * DAY, cancelAtPeriodEnd: false, currentPeriodEnd: null });
    }
  });

  it('without an embedded plan the item waits for the stored plan', () => {
    const result = ok(subEvent('BILLING.SUBSCRIPTION.ACTIVATED', {}));
    const [record] = result.records.subscriptions!;
    expect(record!.unresolvedTierPriceIds).toEqual(['P-BASIC']);
    expect(record!.snapshot.state.currency).toBe('usd'); // from billing_info.outstanding_balance
    expect(record!.snapshot.state.items[0]).toMatchObject({ priceId: 'P-BASIC', unitAmountDecimal: null, tiers: null, planName: null, productId: null });
  });

  it('JPY and HUF plans: exact minor units', () => {
    const yen = paypalPlan({ id: 'P-JP', value: '4900', currency: 'JPY', intervalUnit: 'YEAR' });
    const forint = paypalPlan({ id: 'P-HU', value: '12000', currency: 'HUF', intervalUnit: 'WEEK', intervalCount: 2 });
    expect(stateOf(subEvent('BILLING.SUBSCRIPTION.ACTIVATED', { planId: 'P-JP', plan: yen, currency: 'JPY' }))).toMatchObject({ currency: 'jpy', items: [{ unitAmountDecimal: '4900', interval: 'year', intervalCount: 1 }] });
    expect(stateOf(subEvent('BILLING.SUBSCRIPTION.ACTIVATED', { planId: 'P-HU', plan: forint, currency: 'HUF' }))).toMatchObject({ currency: 'huf', items: [{ unitAmountDecimal: '1200000', interval: 'week', intervalCount: 2 }] });
  });

  it.each([
    ['APPROVAL_PENDING', 'APPROVAL_PENDING'],
    ['APPROVED', 'APPROVED'],
  ] as const)('no subscriber.payer_id yet (%s): dropped, nobody has paid', (_name, status) => {
    const result = subEvent('BILLING.SUBSCRIPTION.CREATED', { status, payerId: null });
    expect(result).toMatchObject({ ok: false, drop: 'unsupported_type' });
    expect(!result.ok && result.detail).toMatch(/no subscriber\.payer_id yet: nobody has paid/);
  });

  it('PAYMENT.FAILED adds the failed payment from last_failed_payment', () => {
    const result = ok(subEvent('BILLING.SUBSCRIPTION.PAYMENT.FAILED', { plan, regularCyclesCompleted: 2, lastFailedPayment: { value: '49.00', time: T0 + 61 * DAY, reasonCode: 'PAYMENT_DENIED' } }));
    expect(result.records.payments).toEqual([expect.objectContaining({ id: `I-SUB1:failed:${T0 + 61 * DAY}`, customerId: 'paypal_PAYERA', status: 'failed', amount: 4900, currency: 'usd', failureCode: 'PAYMENT_DENIED', created: T0 + 61 * DAY })]);
    expect(result.records.subscriptions).toHaveLength(1);
  });

  it.each([
    ['quantity "0"', { quantity: '0' }, /^resource\.quantity: expected a positive whole number/],
    ['quantity "1.5"', { quantity: '1.5' }, /^resource\.quantity:/],
    ['an unknown status', { status: 'PAUSED' }, /^resource\.status:/],
    ['a bad start_time', { start_time: 'yesterday' }, /^resource\.start_time:/],
    ['an embedded plan priced with too many decimals', { plan: paypalPlan({ value: '9.999' }) }, /^resource\.plan\.billing_cycles\.0\.pricing_scheme\.fixed_price\.value: "9\.999" has more decimals than USD has \(2\)/],
    ['an embedded plan without a REGULAR cycle', { plan: { ...plan, billing_cycles: plan.billing_cycles.slice(0, 1) } }, /^resource\.plan\.billing_cycles: a plan needs a REGULAR billing cycle/],
    ['an unknown interval unit', { plan: { ...plan, billing_cycles: [{ ...plan.billing_cycles[1], frequency: { interval_unit: 'FORTNIGHT', interval_count: 1 } }] } }, /^resource\.plan\.billing_cycles\.0\.frequency\.interval_unit:/],
  ])('malformed: %s', (_name, override, detail) => {
    const resource = { ...paypalSubscription({ id: 'I-SUB1', planId: 'P-BASIC', payerId: 'PAYERA', start: T0, plan }), ...override };
    const result = transformPaypalEvent(paypalEvent('BILLING.SUBSCRIPTION.UPDATED', resource, T0));
    expect(result).toMatchObject({ ok: false, drop: 'malformed' });
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('a quantity whose MRR is beyond the bound is out of range', () => {
    const result = subEvent('BILLING.SUBSCRIPTION.UPDATED', { plan: paypalPlan({ value: '999999.00' }), quantity: '999999999999' });
    expect(result).toMatchObject({ ok: false, drop: 'out_of_range' });
  });
});

describe('plan events', () => {
  it.each([
    ['BILLING.PLAN.CREATED', 'CREATED', false],
    ['BILLING.PLAN.UPDATED', 'ACTIVE', true],
    ['BILLING.PLAN.ACTIVATED', 'ACTIVE', true],
    ['BILLING.PLAN.DEACTIVATED', 'INACTIVE', false],
    ['BILLING.PLAN.PRICING-CHANGE.ACTIVATED', 'ACTIVE', true],
  ] as const)('%s → a PriceRecord (active: %s)', (type, status, active) => {
    const resource = paypalPlan({ id: 'P-9', name: 'Pro', productId: 'PROD-9', value: '120.00', currency: 'EUR', intervalUnit: 'YEAR', status, trial: {} });
    expect(ok(transformPaypalEvent(paypalEvent(type, resource, T0))).records.prices).toEqual([{
      id: 'P-9', productId: 'PROD-9', nickname: 'Pro', lookupKey: null, active, currency: 'eur', type: 'recurring', billingScheme: 'per_unit',
      unitAmountDecimal: '12000', tiers: null, tiersMode: null, transformQuantity: null, interval: 'year', intervalCount: 1, usageType: 'licensed',
      created: 1_700_000_000, deleted: false, metadata: {},
    }]);
  });

  it.each([
    ['VOLUME', 'volume'],
    ['TIERED', 'graduated'],
  ] as const)('quantity pricing %s maps exactly onto %s tiers', (model, mode) => {
    const resource = paypalPlan({ id: 'P-T', value: '0', tiers: { model, tiers: [{ from: '1', to: '10', value: '5.00' }, { from: '11', value: '4.50' }] } });
    expect(ok(transformPaypalEvent(paypalEvent('BILLING.PLAN.CREATED', resource, T0))).records.prices![0]).toMatchObject({
      billingScheme: 'tiered', unitAmountDecimal: null, tiersMode: mode,
      tiers: [{ upTo: 10, unitAmountDecimal: '500', flatAmountDecimal: null }, { upTo: null, unitAmountDecimal: '450', flatAmountDecimal: null }],
    });
  });

  it.each([
    ['a gap between tiers', [{ from: '1', to: '10', value: '5.00' }, { from: '12', value: '4.50' }], /tiers\.1\.starting_quantity: tiers must follow each other/],
    ['not starting at 1', [{ from: '2', value: '5.00' }], /tiers\.0\.starting_quantity:/],
    ['an open tier before the last', [{ from: '1', value: '5.00' }, { from: '11', value: '4.50' }], /tiers\.0\.ending_quantity: only the last tier may be open-ended/],
  ])('tiers that do not map exactly are malformed: %s', (_name, tiers, detail) => {
    const resource = paypalPlan({ value: '0', tiers: { model: 'VOLUME', tiers } });
    const result = transformPaypalEvent(paypalEvent('BILLING.PLAN.UPDATED', resource, T0));
    expect(result).toMatchObject({ ok: false, drop: 'malformed' });
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('a REGULAR cycle with no price at all is malformed', () => {
    const bare = paypalPlan({ value: '1.00' });
    const resource = { ...bare, billing_cycles: [{ ...bare.billing_cycles[0], pricing_scheme: { version: 1 } }] };
    const result = transformPaypalEvent(paypalEvent('BILLING.PLAN.UPDATED', resource, T0));
    expect(!result.ok && result.detail).toMatch(/^resource\.billing_cycles\.0\.pricing_scheme: the REGULAR cycle has neither/);
  });
});

describe('sales, refunds and reversals', () => {
  it('a completed sale → a succeeded payment and a paid invoice of its subscription (fee not revenue)', () => {
    const sale = paypalSale({ id: 'SALE1', subscriptionId: 'I-SUB1', value: '49.00', fee: '1.72', created: T0 });
    const { records } = ok(transformPaypalEvent(paypalEvent('PAYMENT.SALE.COMPLETED', sale, T0 + 1)));
    expect(records.payments).toEqual([expect.objectContaining({ id: 'SALE1', customerId: null, invoiceId: 'SALE1', status: 'succeeded', amount: 4900, amountCaptured: 4900, amountRefunded: 0, currency: 'usd', created: T0 })]);
    expect(records.invoices).toEqual([expect.objectContaining({ id: 'SALE1', customerId: null, subscriptionId: 'I-SUB1', status: 'paid', total: 4900, amountPaid: 4900, chargeId: 'SALE1', paidAt: T0 })]);
  });

  it('a sale of no subscription has no invoice', () => {
    const sale = { ...paypalSale({ id: 'SALE2', subscriptionId: 'x', value: '10.00', created: T0 }), billing_agreement_id: undefined };
    const { records } = ok(transformPaypalEvent(paypalEvent('PAYMENT.SALE.COMPLETED', sale, T0)));
    expect(records.invoices).toBeUndefined();
    expect(records.payments![0]!.invoiceId).toBeNull();
  });

  it('a JPY sale with decimals is malformed', () => {
    const sale = paypalSale({ subscriptionId: 'I-1', value: '4900.5', currency: 'JPY', created: T0 });
    const result = transformPaypalEvent(paypalEvent('PAYMENT.SALE.COMPLETED', sale, T0));
    expect(!result.ok && result.detail).toMatch(/^resource\.amount\.total: "4900\.5" JPY: PayPal amounts in JPY are whole numbers/);
  });

  it('a refund → a RefundRecord of the sale, positive', () => {
    const refund = paypalRefund({ id: 'R1', saleId: 'SALE1', value: '20.00', created: T0 + DAY });
    expect(ok(transformPaypalEvent(paypalEvent('PAYMENT.SALE.REFUNDED', refund, T0 + DAY))).records.refunds).toEqual([
      { id: 'R1', chargeId: 'SALE1', paymentIntentId: null, amount: 2000, currency: 'usd', status: 'succeeded', reason: null, created: T0 + DAY },
    ]);
  });

  it('a reversal (negative total) → a RefundRecord of the whole amount, reason named', () => {
    const reversal = { ...paypalRefund({ id: 'R2', saleId: 'SALE1', value: '49.00', created: T0 + DAY, reversal: { reasonCode: 'CHARGEBACK' } }), sale_id: undefined };
    expect(ok(transformPaypalEvent(paypalEvent('PAYMENT.SALE.REVERSED', reversal, T0 + DAY))).records.refunds).toEqual([
      { id: 'R2', chargeId: 'SALE1', paymentIntentId: null, amount: 4900, currency: 'usd', status: 'succeeded', reason: 'reversed: chargeback', created: T0 + DAY },
    ]);
  });

  it('paypalTime renders PayPal times', () => {
    expect(paypalTime(T0)).toBe('2026-01-01T00:00:00Z');
  });
});
