// Sales, refunds and reversals → PaymentRecord, InvoiceRecord and RefundRecord.
//
// A sale names its subscription (billing_agreement_id) but not the payer. So a subscription's sale
// also becomes a paid InvoiceRecord (without lines) of that subscription, which the payment points
// at; the store fills both rows' customer from the subscription's snapshots, whichever arrives
// first (src/store/payment-customers.ts). Fees (transaction_fee) are PayPal's cost, not
// revenue, and are not read. Refund and reversal amounts are positive amounts taken back, as
// Stripe's refunds are; every sum subtracts them.
import type { InvoiceRecord, PaymentRecord, PaymentStatus, RefundRecord } from '../../core/records.js';
import { MalformedField } from '../stripe/malformed.js';
import { currencyAt, minorUnits } from './amounts.js';
import type { PaypalRefund, PaypalSale } from './schemas/sale.js';

const PAYMENT_STATUS: Record<PaypalSale['state'], PaymentStatus> = {
  completed: 'succeeded',
  partially_refunded: 'succeeded',
  refunded: 'succeeded',
  reversed: 'succeeded',
  pending: 'pending',
  denied: 'failed',
};

/** The invoice id of a sale: the sale's own id (invoices and payments are separate tables). */
export const saleInvoiceId = (saleId: string): string => saleId;

export function transformSale(sale: PaypalSale): { payment: PaymentRecord; invoice: InvoiceRecord | null } {
  const currency = currencyAt(sale.amount.currency, 'amount.currency');
  const amount = minorUnits(sale.amount.total, currency, 'amount.total');
  if (amount < 0) throw new MalformedField('amount.total', 'a sale cannot be negative');
  const status = PAYMENT_STATUS[sale.state];
  const succeeded = status === 'succeeded';
  const fullyReturned = sale.state === 'refunded' || sale.state === 'reversed';
  const subscriptionId = sale.billing_agreement_id ?? null;
  const invoiceId = subscriptionId === null ? null : saleInvoiceId(sale.id);
  const payment: PaymentRecord = {
    id: sale.id,
    customerId: null,
    invoiceId,
    paymentIntentId: null,
    status,
    amount,
    amountCaptured: succeeded ? amount : 0,
    amountRefunded: fullyReturned ? amount : 0,
    currency,
    captured: succeeded,
    refunded: fullyReturned,
    disputed: false,
    failureCode: status === 'failed' ? sale.state : null,
    failureMessage: null,
    declineCode: null,
    outcomeType: null,
    outcomeReason: null,
    created: sale.create_time,
  };
  if (invoiceId === null || subscriptionId === null) return { payment, invoice: null };
  const paid = succeeded ? amount : 0;
  const invoice: InvoiceRecord = {
    id: invoiceId,
    customerId: null,
    subscriptionId,
    status: succeeded ? 'paid' : 'open',
    number: null,
    billingReason: 'subscription_cycle',
    currency,
    created: sale.create_time,
    periodStart: sale.create_time,
    periodEnd: sale.create_time,
    subtotal: amount,
    discountAmount: 0,
    taxAmount: null,
    total: amount,
    amountDue: amount,
    amountPaid: paid,
    amountRemaining: amount - paid,
    startingBalance: 0,
    attemptCount: 1,
    chargeId: sale.id,
    finalizedAt: sale.create_time,
    paidAt: succeeded ? sale.create_time : null,
    voidedAt: null,
    markedUncollectibleAt: null,
    deleted: false,
    lines: [],
    linesIncomplete: false,
  };
  return { payment, invoice };
}

const REFUND_STATUS: Record<NonNullable<PaypalRefund['state']>, string> = {
  completed: 'succeeded',
  pending: 'pending',
  failed: 'failed',
  cancelled: 'canceled',
};

/** The sale a refund or reversal takes money from: `sale_id`, else its `sale` link. */
function saleIdOf(refund: PaypalRefund): string | null {
  if (refund.sale_id) return refund.sale_id;
  const href = refund.links?.find((l) => l.rel === 'sale')?.href;
  const id = href?.split('/').filter(Boolean).at(-1);
  return id ?? null;
}

/** A refund (PAYMENT.SALE.REFUNDED) or, with `reversal`, money PayPal took back from the merchant
 *  (PAYMENT.SALE.REVERSED: a chargeback or a returned payment), sent with a negative total. */
export function transformRefund(refund: PaypalRefund, reversal: boolean): RefundRecord {
  const currency = currencyAt(refund.amount.currency, 'amount.currency');
  const amount = Math.abs(minorUnits(refund.amount.total, currency, 'amount.total'));
  const code = refund.reason_code?.toLowerCase();
  return {
    id: refund.id,
    chargeId: saleIdOf(refund),
    paymentIntentId: null,
    amount,
    currency,
    status: refund.state ? REFUND_STATUS[refund.state] : 'succeeded',
    reason: reversal ? `reversed${code ? `: ${code}` : ''}` : (refund.reason ?? code ?? null),
    created: refund.create_time,
  };
}
