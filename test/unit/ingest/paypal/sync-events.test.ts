// The pure parts of the PayPal sync: search windows, PayPal's times, which transactions become
// sales, when a fetched subscription's state is stored, deterministic ids, and the reconstructed
// start and trial end of a subscription.
import { describe, expect, it } from 'vitest';
import { paypalPlan, paypalSubscription } from '../../../helpers/paypal-events.js';
import type { TransactionInfo } from '../../../../src/ingest/paypal/api.js';
import { backfillWindows, HISTORY_SECONDS, windowsBetween, WINDOW_SECONDS } from '../../../../src/ingest/paypal/sync/backfill.js';
import { paypalTime, saleEvent, subscriptionEvent, subscriptionStateTime } from '../../../../src/ingest/paypal/sync/events.js';
import { addInterval, reconstructSubscription, trialEnd } from '../../../../src/ingest/paypal/sync/reconstruct.js';
import { transformPaypalEvent } from '../../../../src/ingest/paypal/transform.js';

const DAY = 86_400;
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const target = { workspaceId: 'ws_1', sourceId: 'src_1', sandbox: false };

describe('search windows', () => {
  it('cover the range without gaps or overlaps, none longer than 31 days', () => {
    const windows = windowsBetween(T - 100 * DAY, T);
    expect(windows).toHaveLength(4);
    expect(windows[0]!.start).toBe(T - 100 * DAY);
    expect(windows.at(-1)!.end).toBe(T);
    windows.forEach((w, i) => {
      expect(w.end - w.start).toBeLessThan(WINDOW_SECONDS);
      if (i > 0) expect(w.start).toBe(windows[i - 1]!.end + 1);
    });
    expect(windowsBetween(T, T)).toEqual([{ start: T, end: T }]);
  });

  it('reach back three years less an hour', () => {
    const windows = backfillWindows(T);
    expect(windows).toHaveLength(36);
    expect(windows[0]!.start).toBe(T - HISTORY_SECONDS + 3600);
  });
});

describe('paypalTime', () => {
  it.each([
    ['2026-01-01T00:00:00Z', T],
    ['2026-01-01T00:00:00.123Z', T],
    ['2026-01-01T01:00:00+0100', T],
    ['2026-01-01T01:00:00+01:00', T],
    ['2025-12-31T19:00:00-0500', T],
    ['not a time', null],
    [42, null],
  ])('%j → %j', (value, expected) => expect(paypalTime(value)).toBe(expected));
});

const txn = (over: Partial<TransactionInfo>): TransactionInfo => ({
  transaction_id: '5TY05013RG002845M',
  paypal_reference_id: 'I-BW452GLLEP1G',
  paypal_reference_id_type: 'SUB',
  transaction_event_code: 'T0002',
  transaction_initiation_date: '2026-01-01T00:00:00+0000',
  transaction_amount: { currency_code: 'USD', value: '49.00' },
  transaction_status: 'S',
  ...over,
});

describe('sales from transactions', () => {
  it.each([
    ['a completed subscription payment', {}, true],
    ['pending', { transaction_status: 'P' }, false],
    ['denied', { transaction_status: 'D' }, false],
    ['of an order, not a subscription', { paypal_reference_id_type: 'ODR' }, false],
    ['with no reference', { paypal_reference_id: undefined, paypal_reference_id_type: undefined }, false],
    ['negative (money going out)', { transaction_amount: { currency_code: 'USD', value: '-49.00' } }, false],
  ] as const)('%s → sale: %s', (_name, over, isSale) => {
    expect(saleEvent(target, txn(over)) !== null).toBe(isSale);
  });

  it('keep the amount as PayPal wrote it and read like a webhook sale', () => {
    const sale = saleEvent(target, txn({ transaction_amount: { currency_code: 'JPY', value: '4900' } }))!;
    expect(sale).toMatchObject({ type: 'PAYMENT.SALE.COMPLETED', created: T, livemode: true });
    expect((sale.payload as { resource: unknown }).resource).toMatchObject({ id: '5TY05013RG002845M', amount: { total: '4900', currency: 'JPY' }, billing_agreement_id: 'I-BW452GLLEP1G', create_time: '2026-01-01T00:00:00.000Z' });
    expect(saleEvent(target, txn({}))!.eventId).toBe(saleEvent(target, txn({}))!.eventId);
    const result = transformPaypalEvent(sale.payload);
    expect(result.ok).toBe(true);
  });
});

const plan = paypalPlan({ id: 'P-UNIT', value: '20.00', trial: { value: '1.00', intervalUnit: 'WEEK', intervalCount: 1, totalCycles: 2 } });
const noTrial = paypalPlan({ id: 'P-PLAIN', value: '49.00' });

describe('fetched subscriptions', () => {
  it.each([
    ['ACTIVE', T - 5 * DAY, T],
    ['SUSPENDED', T - 5 * DAY, T - 5 * DAY],
    ['CANCELLED', T - 5 * DAY, T - 5 * DAY],
    ['EXPIRED', T - 5 * DAY, T - 5 * DAY],
    // A status change PayPal dates after our clock: stored as of now.
    ['CANCELLED', T + 5 * DAY, T],
  ] as const)('%s since %i is stored at %i', (status, changed, at) => {
    const s = paypalSubscription({ planId: noTrial.id, status, start: T - 90 * DAY, statusUpdateTime: changed });
    expect(subscriptionStateTime(s, T)).toBe(at);
  });

  it('get the event type of their status, the plan embedded, and an id that changes only with their content', () => {
    const s = paypalSubscription({ id: 'I-UNIT', planId: noTrial.id, payerId: 'PAYERUNIT', status: 'CANCELLED', start: T - 90 * DAY, statusUpdateTime: T - DAY });
    const event = subscriptionEvent(target, s, noTrial, T);
    expect(event.type).toBe('BILLING.SUBSCRIPTION.CANCELLED');
    expect((event.payload as { resource: { plan: { id: string } } }).resource.plan.id).toBe('P-PLAIN');
    expect(subscriptionEvent(target, s, noTrial, T + 999).eventId).toBe(event.eventId);
    expect(subscriptionEvent(target, { ...s, quantity: '2' }, noTrial, T).eventId).not.toBe(event.eventId);
    const sandbox = subscriptionEvent({ ...target, sandbox: true }, s, noTrial, T);
    expect(sandbox.livemode).toBe(false);
    expect(transformPaypalEvent(sandbox.payload)).toMatchObject({ ok: true, event: { livemode: false } });
  });
});

describe('reconstruction', () => {
  it('adds months and years on the calendar', () => {
    expect(addInterval(Date.UTC(2026, 0, 31) / 1000, 'MONTH', 1)).toBe(Date.UTC(2026, 1, 28) / 1000);
    expect(addInterval(Date.UTC(2026, 0, 31, 9) / 1000, 'MONTH', 13)).toBe(Date.UTC(2027, 1, 28, 9) / 1000);
    expect(addInterval(Date.UTC(2024, 1, 29) / 1000, 'YEAR', 1)).toBe(Date.UTC(2025, 1, 28) / 1000);
    expect(addInterval(Date.UTC(2026, 2, 15) / 1000, 'MONTH', 1)).toBe(Date.UTC(2026, 3, 15) / 1000);
    expect(addInterval(T, 'YEAR', 1)).toBe(Date.UTC(2027, 0, 1) / 1000);
    expect(addInterval(T, 'WEEK', 2)).toBe(T + 14 * DAY);
    expect(trialEnd(plan, T)).toBe(T + 14 * DAY);
    expect(trialEnd(noTrial, T)).toBeNull();
  });

  it.each([
    ['no trial: the start only', noTrial, T - 30 * DAY, T, [['start', T - 30 * DAY]]],
    ['a trial still running: the start only', plan, T - 3 * DAY, T, [['start', T - 3 * DAY]]],
    ['a trial that ended: the start and the trial end', plan, T - 30 * DAY, T, [['start', T - 30 * DAY], ['trial_end', T - 16 * DAY]]],
    ['cancelled during its trial: the start only', plan, T - 30 * DAY, T - 20 * DAY, [['start', T - 30 * DAY]]],
    ['started when it is stored: nothing', noTrial, T, T, []],
  ] as const)('%s', (_name, p, start, until, expected) => {
    const s = paypalSubscription({ planId: p.id, start, trial: p === plan ? { cyclesCompleted: 2, totalCycles: 2 } : undefined, regularCyclesCompleted: 1 });
    expect(reconstructSubscription(s, p, until).map((m) => [m.tag, m.at])).toEqual(expected);
  });

  it('the start is in its trial, the trial end is not; neither carries payments', () => {
    const s = paypalSubscription({ id: 'I-REC', planId: plan.id, payerId: 'PAYERREC', start: T - 30 * DAY, trial: { cyclesCompleted: 2, totalCycles: 2 }, regularCyclesCompleted: 1, lastPayment: { value: '20.00', time: T - 16 * DAY } });
    const [start, ended] = reconstructSubscription(s, plan, T);
    const cycles = (m: typeof start) => (m!.resource.billing_info as { cycle_executions: Array<{ tenure_type: string; cycles_completed: number }> }).cycle_executions.map((c) => [c.tenure_type, c.cycles_completed]);
    expect(cycles(start)).toEqual([['TRIAL', 0], ['REGULAR', 0]]);
    expect(cycles(ended)).toEqual([['TRIAL', 2], ['REGULAR', 0]]);
    expect(start!.resource.billing_info).not.toHaveProperty('last_payment');
    expect(start!.resource).toMatchObject({ status: 'ACTIVE', status_update_time: new Date((T - 30 * DAY) * 1000).toISOString(), plan: { id: 'P-UNIT' } });
    expect(reconstructSubscription({ ...s, status: 'APPROVAL_PENDING' }, plan, T)).toEqual([]);
  });
});
