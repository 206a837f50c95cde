import { describe, expect, it } from 'vitest';
import type { InvoiceRecord, NormalizedRecords } from '../../../../src/core/records.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { editedFixture, loadFixture, type JsonObject } from './fixtures.js';

function recordsOf(event: JsonObject): NormalizedRecords {
  const result = transformStripeEvent(event);
  if (!result.ok) throw new Error(`dropped: ${result.drop} ${result.detail}`);
  return result.records;
}

function invoiceOf(event: JsonObject): InvoiceRecord {
  const invoices = recordsOf(event).invoices ?? [];
  expect(invoices).toHaveLength(1);
  return invoices[0]!;
}

const LEGACY = 'invoice.paid.legacy-proration.json';
const BASIL = 'invoice.payment_failed.basil-proration.json';

// Read off the fixtures by hand. The legacy invoice: an upgrade from Growth ($29) to Scale ($99)
// on 3 May, half-way through a 30-day period, billed at the 18 May renewal.
const legacyInvoice: InvoiceRecord = {
  id: 'in_1PHqA0LkdIwHu7ixScaleR3n',
  customerId: 'cus_PqS1Kx7wNe0dVa',
  subscriptionId: 'sub_1OqScaLkdIwHu7ixUpgr4d3s',
  status: 'paid',
  number: '7F3A21C9-0004',
  billingReason: 'subscription_cycle',
  currency: 'usd',
  created: 1716031200,
  periodStart: 1713439200,
  periodEnd: 1716031200,
  subtotal: 13400,
  discountAmount: 0,
  taxAmount: 0,
  total: 13400,
  amountDue: 13400,
  amountPaid: 13400,
  amountRemaining: 0,
  startingBalance: 0,
  attemptCount: 1,
  chargeId: 'ch_3PHqA1LkdIwHu7ix0Sc4leCh',
  finalizedAt: 1716034800,
  paidAt: 1716034802,
  voidedAt: null,
  markedUncollectibleAt: null,
  deleted: false,
  lines: [
    {
      id: 'il_1PCFx1LkdIwHu7ixUnusedGr',
      invoiceId: 'in_1PHqA0LkdIwHu7ixScaleR3n',
      kind: 'invoiceitem',
      subscriptionId: 'sub_1OqScaLkdIwHu7ixUpgr4d3s',
      subscriptionItemId: 'si_PqS2Plan00001',
      priceId: 'price_1OlAZcLkdIwHu7ixGrowthM0',
      productId: 'prod_PZk2Growth0001',
      proration: true,
      periodStart: 1714735200,
      periodEnd: 1716031200,
      quantity: 1,
      amount: -1450, // −2900 × 15/30
      discountAmount: 0,
      currency: 'usd',
      description: 'Unused time on Growth after 03 May 2024',
    },
    {
      id: 'il_1PCFx1LkdIwHu7ixRemainSc',
      invoiceId: 'in_1PHqA0LkdIwHu7ixScaleR3n',
      kind: 'invoiceitem',
      subscriptionId: 'sub_1OqScaLkdIwHu7ixUpgr4d3s',
      subscriptionItemId: 'si_PqS2Plan00001',
      priceId: 'price_1OqSbBLkdIwHu7ixScaleM00',
      productId: 'prod_PqS0Scale00001',
      proration: true,
      periodStart: 1714735200,
      periodEnd: 1716031200,
      quantity: 1,
      amount: 4950, // 9900 × 15/30
      discountAmount: 0,
      currency: 'usd',
      description: 'Remaining time on Scale after 03 May 2024',
    },
    {
      id: 'il_1PHqA0LkdIwHu7ixScaleNx1',
      invoiceId: 'in_1PHqA0LkdIwHu7ixScaleR3n',
      kind: 'subscription',
      subscriptionId: 'sub_1OqScaLkdIwHu7ixUpgr4d3s',
      subscriptionItemId: 'si_PqS2Plan00001',
      priceId: 'price_1OqSbBLkdIwHu7ixScaleM00',
      productId: 'prod_PqS0Scale00001',
      proration: false,
      periodStart: 1716031200,
      periodEnd: 1718709600,
      quantity: 1,
      amount: 9900,
      discountAmount: 0,
      currency: 'usd',
      description: '1 × Scale (at $99.00 / month)',
    },
  ],
  linesIncomplete: false,
};

// The basil renewal: base seats went 1 → 2 on 25 May (prorated), plus 18,000 metered API calls at
// half a cent, with a $5 discount spread over the two regular lines.
const basilInvoice: InvoiceRecord = {
  id: 'in_1RYvNqLk2pRwA9vErenewJun',
  customerId: 'cus_SHnZ4cM1rT0qLa',
  subscriptionId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1', // from parent.subscription_details
  status: 'open',
  number: 'QS-0007',
  billingReason: 'subscription_cycle',
  currency: 'usd',
  created: 1749556800,
  periodStart: 1746878400,
  periodEnd: 1749556800,
  subtotal: 14033,
  discountAmount: 500,
  taxAmount: 0,
  total: 13533,
  amountDue: 13533,
  amountPaid: 0,
  amountRemaining: 13533,
  startingBalance: 0,
  attemptCount: 1,
  chargeId: null, // this API version links payments through invoice_payment objects
  finalizedAt: 1749560400,
  paidAt: null,
  voidedAt: null,
  markedUncollectibleAt: null,
  deleted: false,
  lines: [
    {
      id: 'il_1RSg0aLk2pRwA9vEunusedBs',
      invoiceId: 'in_1RYvNqLk2pRwA9vErenewJun',
      kind: 'invoiceitem',
      subscriptionId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
      subscriptionItemId: 'si_SHnZLicBase01',
      priceId: 'price_1RNbYqLk2pRwA9vEbaseUsdM',
      productId: 'prod_SHnYBasePlatfm',
      proration: true,
      periodStart: 1748174400,
      periodEnd: 1749556800,
      quantity: 1,
      amount: -1032,
      discountAmount: 0,
      currency: 'usd',
      description: 'Unused time on Base platform after 25 May 2025',
    },
    {
      id: 'il_1RSg0aLk2pRwA9vEremainBs',
      invoiceId: 'in_1RYvNqLk2pRwA9vErenewJun',
      kind: 'invoiceitem',
      subscriptionId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
      subscriptionItemId: 'si_SHnZLicBase01',
      priceId: 'price_1RNbYqLk2pRwA9vEbaseUsdM',
      productId: 'prod_SHnYBasePlatfm',
      proration: true,
      periodStart: 1748174400,
      periodEnd: 1749556800,
      quantity: 2,
      amount: 2065,
      discountAmount: 0,
      currency: 'usd',
      description: 'Remaining time on 2 × Base platform after 25 May 2025',
    },
    {
      id: 'il_1RYvNqLk2pRwA9vEbaseJun0',
      invoiceId: 'in_1RYvNqLk2pRwA9vErenewJun',
      kind: 'subscription',
      subscriptionId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
      subscriptionItemId: 'si_SHnZLicBase01',
      priceId: 'price_1RNbYqLk2pRwA9vEbaseUsdM',
      productId: 'prod_SHnYBasePlatfm',
      proration: false,
      periodStart: 1749556800,
      periodEnd: 1752148800,
      quantity: 2,
      amount: 4000,
      discountAmount: 154,
      currency: 'usd',
      description: '2 × Base platform (at $20.00 / month)',
    },
    {
      id: 'il_1RYvNqLk2pRwA9vEapiMay00',
      invoiceId: 'in_1RYvNqLk2pRwA9vErenewJun',
      kind: 'subscription',
      subscriptionId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
      subscriptionItemId: 'si_SHnZMtrApi02',
      priceId: 'price_1RNbZ2Lk2pRwA9vEapiCalls',
      productId: 'prod_SHnYApiCalls01',
      proration: false,
      periodStart: 1746878400,
      periodEnd: 1749556800,
      quantity: 18000,
      amount: 9000,
      discountAmount: 346,
      currency: 'usd',
      description: 'API calls (18000 × $0.005)',
    },
  ],
  linesIncomplete: false,
};

describe('Stripe invoice events → InvoiceRecord', () => {
  it.each([
    { fixture: LEGACY, expected: legacyInvoice },
    { fixture: BASIL, expected: basilInvoice },
  ])('$fixture', ({ fixture, expected }) => {
    expect(invoiceOf(loadFixture(fixture))).toStrictEqual(expected);
  });

  it.each([LEGACY, BASIL])('%s: the lines add up to the subtotal and discounts to the total discount', (fixture) => {
    const invoice = invoiceOf(loadFixture(fixture));
    expect(invoice.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(invoice.subtotal);
    expect(invoice.lines.reduce((sum, line) => sum + line.discountAmount, 0)).toBe(invoice.discountAmount);
    expect(invoice.subtotal - invoice.discountAmount + (invoice.taxAmount ?? 0)).toBe(invoice.total);
  });

  it('invoice.upcoming (no id) produces no record and is not an error', () => {
    const result = transformStripeEvent(loadFixture('invoice.upcoming.json'));
    expect(result).toStrictEqual({
      ok: true,
      event: {
        id: 'evt_1PsRt0LkdIwHu7ixUpcmng01',
        type: 'invoice.upcoming',
        created: 1724938800,
        livemode: false,
        objectId: null,
        objectCreated: 1725181200,
      },
      records: {},
    });
  });

  it('reports tax as total minus total_excluding_tax', () => {
    const event = editedFixture(LEGACY, (invoice) => {
      invoice.total = 16214;
      invoice.total_excluding_tax = 13400;
    });
    expect(invoiceOf(event).taxAmount).toBe(2814);
  });

  it('tax is unknown when total_excluding_tax is absent', () => {
    const event = editedFixture(LEGACY, (invoice) => {
      delete invoice.total_excluding_tax;
    });
    expect(invoiceOf(event).taxAmount).toBeNull();
  });

  it('flags truncated line lists', () => {
    const event = editedFixture(LEGACY, (invoice) => {
      (invoice.lines as JsonObject).has_more = true;
    });
    expect(invoiceOf(event).linesIncomplete).toBe(true);
  });

  it.each([
    ['invoice.voided', 'void', 'voided_at'],
    ['invoice.marked_uncollectible', 'uncollectible', 'marked_uncollectible_at'],
  ] as const)('%s carries status %s and its transition time', (type, status, transition) => {
    const event = editedFixture(BASIL, (invoice) => {
      invoice.status = status;
      (invoice.status_transitions as JsonObject)[transition] = 1750000000;
    });
    (event as { type: string }).type = type;
    const invoice = invoiceOf(event);
    expect(invoice.status).toBe(status);
    expect(type === 'invoice.voided' ? invoice.voidedAt : invoice.markedUncollectibleAt).toBe(1750000000);
  });

  it('invoice.deleted marks a deleted draft', () => {
    const event = editedFixture(BASIL, (invoice) => {
      invoice.status = 'draft';
    });
    (event as { type: string }).type = 'invoice.deleted';
    expect(invoiceOf(event)).toMatchObject({ status: 'draft', deleted: true });
  });

  it('an invoice-item line from the basil shape is an invoiceitem', () => {
    const event = editedFixture(BASIL, (invoice) => {
      const line = ((invoice.lines as JsonObject).data as JsonObject[])[0]!;
      line.parent = {
        type: 'invoice_item_details',
        invoice_item_details: {
          invoice_item: 'ii_1RZ0aaLk2pRwA9vEsetupFee',
          proration: false,
          proration_details: { credited_items: null },
          subscription: null,
        },
        subscription_item_details: null,
      };
    });
    expect(invoiceOf(event).lines[0]).toMatchObject({
      kind: 'invoiceitem',
      proration: false,
      subscriptionId: null,
      subscriptionItemId: null,
    });
  });
});

describe('Stripe invoice_payment and credit_note events', () => {
  it('invoice_payment.paid → InvoicePaymentRecord', () => {
    expect(recordsOf(loadFixture('invoice_payment.paid.clover.json'))).toStrictEqual({
      invoicePayments: [
        {
          id: 'inpay_1SQ0aRHq3vXnB6cL0aBcDeFg',
          invoiceId: 'in_1SQ0Z9Hq3vXnB6cLtrialEnd',
          chargeId: 'ch_3SQ0aQHq3vXnB6cL1sTrtChg',
          paymentIntentId: 'pi_3SQ0aQHq3vXnB6cL1sTrtPiA',
          status: 'paid',
          amountRequested: 3920,
          amountPaid: 3920,
          currency: 'gbp',
          isDefault: true,
          created: 1762188305,
          paidAt: 1762191998,
          canceledAt: null,
        },
      ],
    });
  });

  it('credit_note.created → CreditNoteRecord', () => {
    expect(recordsOf(loadFixture('credit_note.created.json'))).toStrictEqual({
      creditNotes: [
        {
          id: 'cn_1PIQ5jLkdIwHu7ixScaleCr1',
          number: '7F3A21C9-0004-CN-01',
          invoiceId: 'in_1PHqA0LkdIwHu7ixScaleR3n',
          customerId: 'cus_PqS1Kx7wNe0dVa',
          status: 'issued',
          type: 'post_payment',
          reason: 'product_unsatisfactory',
          currency: 'usd',
          amount: 4950,
          subtotal: 4950,
          totalExcludingTax: 4950,
          outOfBandAmount: null,
          refundIds: ['re_3PHqA1LkdIwHu7ix0Rf4950a'],
          created: 1716196500,
          effectiveAt: 1716196500,
          voidedAt: null,
        },
      ],
    });
  });

  it('reads the refunds array of newer credit notes', () => {
    const event = editedFixture('credit_note.created.json', (note) => {
      delete note.refund;
      note.refunds = [
        { amount_refunded: 2950, refund: 're_3PHqA1LkdIwHu7ix0RfPart01' },
        { amount_refunded: 2000, refund: 're_3PHqA1LkdIwHu7ix0RfPart02' },
      ];
    });
    expect(recordsOf(event).creditNotes![0]!.refundIds).toEqual([
      're_3PHqA1LkdIwHu7ix0RfPart01',
      're_3PHqA1LkdIwHu7ix0RfPart02',
    ]);
  });

  it('credit_note.voided carries status void and voided_at', () => {
    const event = editedFixture('credit_note.created.json', (note) => {
      note.status = 'void';
      note.voided_at = 1716300000;
    });
    (event as { type: string }).type = 'credit_note.voided';
    expect(recordsOf(event).creditNotes![0]).toMatchObject({ status: 'void', voidedAt: 1716300000 });
  });
});
