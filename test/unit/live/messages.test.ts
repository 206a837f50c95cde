// Live messages carry only their allow-listed fields, whatever the note they are built from holds.
import { describe, expect, it } from 'vitest';
import { LIVE_MESSAGE_SCHEMAS, LIVE_MESSAGE_TYPES, messagesForNote } from '../../../src/live/messages.js';
import { LIVE_MESSAGE_PERMISSIONS } from '../../../src/accounts/permissions.js';

describe('live messages', () => {
  it('drops every field that is not allow-listed', () => {
    const [message] = messagesForNote('payment', {
      paymentId: 'ch_1', customerId: 'cus_1', invoiceId: null, status: 'succeeded', amount: 100, currency: 'usd', eventId: 'evt_1',
      failureCode: null, declineCode: null, email: 'someone@example.com', cardLast4: '4242',
    });
    expect(message).toEqual({ type: 'payment_received', data: { paymentId: 'ch_1', customerId: 'cus_1', invoiceId: null, amount: 100, currency: 'usd', eventId: 'evt_1' } });
  });

  it.each([
    ['movement (expansion)', 'movement', { customerId: 'c', day: '2024-01-01', currency: 'usd', movement: 'expansion', amount: 500, mrr: 1500, eventId: 'e' }, ['subscription_changed']],
    ['movement (churn)', 'movement', { customerId: 'c', day: '2024-01-01', currency: 'usd', movement: 'churn', amount: -1500, mrr: 0, eventId: 'e' }, ['subscription_changed', 'churn_alert']],
    ['signup', 'signup', { customerId: 'c', name: null, day: '2024-01-01', status: 'trialing', currency: null, mrr: 0, planId: null, planName: null }, ['new_signup']],
    ['cancellation', 'cancellation_scheduled', { customerId: 'c', name: 'N', currency: 'usd', mrr: 100, planName: 'Pro' }, ['churn_alert']],
    ['unknown', 'something_else', {}, []],
  ])('turns a %s note into %s', (_name, kind, data, types) => {
    expect(messagesForNote(kind, data).map((m) => m.type)).toEqual(types);
  });

  it('names the permission each type needs (undeclared types are never delivered)', () => {
    for (const type of LIVE_MESSAGE_TYPES) expect(LIVE_MESSAGE_PERMISSIONS[type], type).toBeDefined();
    expect(Object.keys(LIVE_MESSAGE_SCHEMAS).sort()).toEqual(Object.keys(LIVE_MESSAGE_PERMISSIONS).sort());
  });
});
