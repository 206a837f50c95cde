import { describe, expect, it } from 'vitest';
import { outgoingEvents } from '../../../src/core/outgoing-events.js';
import { liveMessage, messagesForNote } from '../../../src/live/messages.js';

describe('outgoing events from live messages', () => {
  it('maps each live message type to its event, money in minor units with the currency', () => {
    const messages = [
      liveMessage('mrr_updated', { currency: 'usd', mrr: 12_345, arr: 148_140, payingCustomers: 3, arpa: 4115 }),
      liveMessage('new_signup', { customerId: 'cus_1', name: 'Ada', day: '2026-03-01', status: 'active', currency: 'eur', mrr: 4900, planId: 'p', planName: 'Pro' }),
      ...messagesForNote('movement', { customerId: 'cus_2', day: '2026-03-02', movement: 'churn', currency: 'jpy', amount: -5000, mrr: 0, eventId: 'evt_9', name: 'Bo', planName: 'Basic' }),
      liveMessage('payment_failed', { paymentId: 'ch_1', customerId: 'cus_3', invoiceId: null, currency: 'usd', amount: 999, failureCode: 'card_declined', declineCode: null, eventId: 'evt_10' }),
      liveMessage('alert_opened', { alertId: 'al_1', ruleId: 'r', ruleName: 'Health', kind: 'health_below', customerId: 'cus_4', customerName: null, sentence: 'Health 30 < 40.', openedAt: '2026-03-02T00:00:00.000Z' }),
      liveMessage('sync_status', { sourceId: 's', status: 'done', kind: 'full', stored: 1, error: null }),
    ];
    const events = outgoingEvents(messages);
    expect(events.map((e) => e.type)).toEqual(['mrr.changed', 'customer.created', 'subscription.changed', 'customer.churned', 'payment.failed', 'alert.opened']);
    expect(events[0]).toMatchObject({ key: null, data: { currency: 'usd', mrr: 12_345, arr: 148_140, payingCustomers: 3, arpa: 4115 } });
    expect(events[1]).toMatchObject({ key: ['new_signup', 'cus_1'], data: { customerId: 'cus_1', currency: 'eur', mrr: 4900, planName: 'Pro' } });
    expect(events[2]!.data).toEqual({ customerId: 'cus_2', day: '2026-03-02', movement: 'churn', currency: 'jpy', amount: -5000, mrr: 0, sourceEventId: 'evt_9' });
    // The churn carries its movement's day and provider event; the lost MRR is positive.
    expect(events[3]).toMatchObject({ key: ['churned', 'evt_9', 'cus_2'], data: { customerId: 'cus_2', mrr: 5000, currency: 'jpy', day: '2026-03-02', sourceEventId: 'evt_9' } });
    expect(events[4]!.data).toMatchObject({ paymentId: 'ch_1', amount: 999, currency: 'usd', failureCode: 'card_declined', sourceEventId: 'evt_10' });
    expect(events[5]).toMatchObject({ key: ['alert_opened', 'al_1'], data: { alertId: 'al_1', sentence: 'Health 30 < 40.' } });
  });

  it('a scheduled cancellation and a successful payment have their own types', () => {
    const events = outgoingEvents([
      ...messagesForNote('cancellation_scheduled', { customerId: 'cus_5', name: null, currency: 'usd', mrr: 100, planName: null }),
      liveMessage('payment_received', { paymentId: 'ch_2', customerId: null, invoiceId: 'in_1', currency: 'usd', amount: 100, eventId: 'evt_11' }),
    ]);
    expect(events.map((e) => e.type)).toEqual(['customer.cancellation_scheduled', 'payment.succeeded']);
    expect(events[1]!.data).not.toHaveProperty('failureCode');
  });
});
