import { describe, expect, it } from 'vitest';
import type { NormalizedRecords } from '../../../../src/core/records.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { editedFixture, loadFixture, type JsonObject } from './fixtures.js';

function recordsOf(event: JsonObject): NormalizedRecords {
  const result = transformStripeEvent(event);
  if (!result.ok) throw new Error(`dropped: ${result.drop} ${result.detail}`);
  return result.records;
}

// Each expected value was read off the fixture by hand.
const cases: Array<{ fixture: string; expected: NormalizedRecords }> = [
  {
    fixture: 'charge.failed.declined.json',
    expected: {
      payments: [
        {
          id: 'ch_3PoWnALkdIwHu7ix1Fa1lEdC',
          customerId: 'cus_PZk3Yw0bQe7TnM',
          invoiceId: 'in_1PoWn4LkdIwHu7ixAug0Rnw1',
          paymentIntentId: 'pi_3PoWnALkdIwHu7ix1Z0nInTt',
          status: 'failed',
          amount: 2900,
          amountCaptured: 0,
          amountRefunded: 0,
          currency: 'usd',
          captured: false,
          refunded: false,
          disputed: false,
          failureCode: 'card_declined',
          failureMessage: 'Your card has insufficient funds.',
          declineCode: 'insufficient_funds',
          outcomeType: 'issuer_declined',
          outcomeReason: 'insufficient_funds',
          created: 1723983603,
        },
      ],
    },
  },
  {
    fixture: 'charge.succeeded.basil.json',
    expected: {
      payments: [
        {
          id: 'ch_3RNcQ6Lk2pRwA9vE0bAsEpd1',
          customerId: 'cus_SHnZ4cM1rT0qLa',
          invoiceId: null, // no `invoice` on charges from 2025-03-31.basil
          paymentIntentId: 'pi_3RNcQ6Lk2pRwA9vE0pAyInt1',
          status: 'succeeded',
          amount: 2000,
          amountCaptured: 2000,
          amountRefunded: 0,
          currency: 'usd',
          captured: true,
          refunded: false,
          disputed: false,
          failureCode: null,
          failureMessage: null,
          declineCode: null,
          outcomeType: 'authorized',
          outcomeReason: null,
          created: 1746878401,
        },
      ],
    },
  },
  {
    // API 2020-08-27 embeds the charge's refunds: they become refund records too.
    fixture: 'charge.refunded.legacy-embedded-refunds.json',
    expected: {
      payments: [
        {
          id: 'ch_3MlqH0J8hT2sQw4r1AnnuAlC',
          customerId: 'cus_LKd8aQ0WbNf2Ue',
          invoiceId: 'in_1MlqGzJ8hT2sQw4rXv2HkQ9d',
          paymentIntentId: 'pi_3MlqH0J8hT2sQw4r1AnnPiA1',
          status: 'succeeded',
          amount: 118000,
          amountCaptured: 118000,
          amountRefunded: 40000,
          currency: 'eur',
          captured: true,
          refunded: false, // partially refunded
          disputed: false,
          failureCode: null,
          failureMessage: null,
          declineCode: null,
          outcomeType: 'authorized',
          outcomeReason: null,
          created: 1678890610,
        },
      ],
      refunds: [
        {
          id: 're_3MlqH0J8hT2sQw4r1Rf0nd01',
          chargeId: 'ch_3MlqH0J8hT2sQw4r1AnnuAlC',
          paymentIntentId: 'pi_3MlqH0J8hT2sQw4r1AnnPiA1',
          amount: 40000,
          currency: 'eur',
          status: 'succeeded',
          reason: 'requested_by_customer',
          created: 1680423164,
        },
      ],
    },
  },
  {
    fixture: 'refund.created.json',
    expected: {
      refunds: [
        {
          id: 're_3PHqA1LkdIwHu7ix0Rf4950a',
          chargeId: 'ch_3PHqA1LkdIwHu7ix0Sc4leCh',
          paymentIntentId: 'pi_3PHqA1LkdIwHu7ix0Sc4lePi',
          amount: 4950,
          currency: 'usd',
          status: 'succeeded',
          reason: 'requested_by_customer',
          created: 1716196500,
        },
      ],
    },
  },
  {
    fixture: 'charge.dispute.created.json',
    expected: {
      disputes: [
        {
          id: 'dp_1PsWq1LkdIwHu7ixFr4uD001',
          chargeId: 'ch_3PjS0dLkdIwHu7ix1GrwJul1',
          paymentIntentId: 'pi_3PjS0dLkdIwHu7ix1GrwJulP',
          amount: 2900,
          currency: 'usd',
          status: 'needs_response',
          reason: 'fraudulent',
          isChargeRefundable: false,
          created: 1724953199,
        },
      ],
    },
  },
];

describe('Stripe payment events → records', () => {
  it.each(cases)('$fixture', ({ fixture, expected }) => {
    expect(recordsOf(loadFixture(fixture))).toStrictEqual(expected);
  });
});

describe('payment details', () => {
  it('a charge blocked by Radar has an outcome but no issuer decline code', () => {
    const event = editedFixture('charge.failed.declined.json', (charge) => {
      charge.failure_code = 'card_declined';
      charge.outcome = {
        network_status: 'not_sent_to_network',
        reason: 'highest_risk_level',
        risk_level: 'highest',
        seller_message: 'Stripe blocked this payment as too risky.',
        type: 'blocked',
      };
    });
    expect(recordsOf(event).payments![0]).toMatchObject({
      declineCode: null,
      outcomeType: 'blocked',
      outcomeReason: 'highest_risk_level',
    });
  });

  it('a pending charge (e.g. a bank debit) has status pending and no outcome', () => {
    const event = editedFixture('charge.succeeded.basil.json', (charge) => {
      charge.status = 'pending';
      charge.outcome = null;
      charge.paid = false;
    });
    (event as { type: string }).type = 'charge.pending';
    expect(recordsOf(event).payments![0]).toMatchObject({
      status: 'pending',
      outcomeType: null,
      outcomeReason: null,
      declineCode: null,
    });
  });

  it('charge.refund.updated carries a refund object', () => {
    const event = editedFixture('refund.created.json', (refund) => {
      refund.status = 'failed';
    });
    (event as { type: string }).type = 'charge.refund.updated';
    expect(recordsOf(event).refunds![0]).toMatchObject({ id: 're_3PHqA1LkdIwHu7ix0Rf4950a', status: 'failed' });
  });

  it.each(['won', 'lost', 'warning_closed'])('a closed dispute keeps its outcome (%s)', (status) => {
    const event = editedFixture('charge.dispute.created.json', (dispute) => {
      dispute.status = status;
    });
    (event as { type: string }).type = 'charge.dispute.closed';
    expect(recordsOf(event).disputes![0]!.status).toBe(status);
  });
});
