import { describe, expect, it } from 'vitest';
import { paymentNotes } from '../../../src/ingest/live-notes.js';
import type { PaymentRecord } from '../../../src/core/records.js';

const NOW = new Date('2024-04-15T12:00:00Z');
const payment = (id: string, status: PaymentRecord['status'], created: string): PaymentRecord => ({
  id, customerId: 'cus_1', invoiceId: null, paymentIntentId: null, status, amount: 100, amountCaptured: 100, amountRefunded: 0, currency: 'usd',
  captured: true, refunded: false, disputed: false, failureCode: null, failureMessage: null, declineCode: null, outcomeType: null, outcomeReason: null,
  created: Date.parse(created) / 1000,
});

describe('paymentNotes', () => {
  it('announces new charges since the start of yesterday, from their own events only', () => {
    const notes = paymentNotes([
      { workspaceId: 'ws', eventId: 'e1', type: 'charge.succeeded', records: { payments: [payment('ch_1', 'succeeded', '2024-04-15T09:00:00Z')] } },
      { workspaceId: 'ws', eventId: 'e2', type: 'charge.failed', records: { payments: [payment('ch_2', 'failed', '2024-04-14T00:00:00Z')] } },
      { workspaceId: 'ws', eventId: 'e3', type: 'charge.succeeded', records: { payments: [payment('ch_3', 'succeeded', '2024-04-13T23:59:59Z')] } }, // backfilled history
      { workspaceId: 'ws', eventId: 'e4', type: 'charge.updated', records: { payments: [payment('ch_4', 'succeeded', '2024-04-15T09:00:00Z')] } },
      { workspaceId: 'ws', eventId: 'e5', type: 'charge.succeeded', records: { payments: [payment('ch_5', 'pending', '2024-04-15T09:00:00Z')] } },
    ], NOW);
    expect(notes.get('ws')?.map((n) => n.data.paymentId)).toEqual(['ch_1', 'ch_2']);
  });
});
