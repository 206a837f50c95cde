// Invoices and invoice payments → InvoiceRecord (with its lines) and InvoicePaymentRecord.
// Handles both API shapes; see schemas/invoice.ts.
import { normaliseCurrency } from '../../core/currency.js';
import type { InvoiceLineRecord, InvoicePaymentRecord, InvoiceRecord } from '../../core/records.js';
import { sumAmounts } from './amounts.js';
import { refId } from './schemas/common.js';
import type { StripeInvoice, StripeInvoiceLine, StripeInvoicePayment } from './schemas/invoice.js';

/**
 * 'subscription' for the recurring charge of a subscription item, 'invoiceitem' for lines that
 * come from an invoice item — one-offs and prorations. Older API versions say so in `type`; from
 * 2025-03-31.basil a proration is a subscription_item_details parent with an `invoice_item`.
 */
function lineKind(line: StripeInvoiceLine): InvoiceLineRecord['kind'] {
  const parent = line.parent;
  if (parent?.subscription_item_details) {
    return parent.subscription_item_details.invoice_item ? 'invoiceitem' : 'subscription';
  }
  const type = parent?.type ?? line.type;
  if (type === 'subscription' || type === 'subscription_item_details') return 'subscription';
  if (type === 'invoiceitem' || type === 'invoice_item_details') return 'invoiceitem';
  return 'other';
}

export function transformInvoiceLine(line: StripeInvoiceLine, invoiceId: string): InvoiceLineRecord {
  const itemDetails = line.parent?.subscription_item_details;
  const invoiceItemDetails = line.parent?.invoice_item_details;
  const priceDetails = line.pricing?.price_details;
  return {
    id: line.id,
    invoiceId,
    kind: lineKind(line),
    subscriptionId:
      refId(line.subscription) ?? itemDetails?.subscription ?? invoiceItemDetails?.subscription ?? null,
    subscriptionItemId: line.subscription_item ?? itemDetails?.subscription_item ?? null,
    priceId: line.price?.id ?? refId(priceDetails?.price),
    productId: refId(line.price?.product) ?? priceDetails?.product ?? null,
    proration: line.proration ?? itemDetails?.proration ?? invoiceItemDetails?.proration ?? false,
    periodStart: line.period.start,
    periodEnd: line.period.end,
    quantity: line.quantity,
    amount: line.amount,
    discountAmount: sumAmounts(line.discount_amounts),
    currency: normaliseCurrency(line.currency),
    description: line.description,
  };
}

export function transformInvoice(invoice: StripeInvoice, deleted: boolean): InvoiceRecord {
  const transitions = invoice.status_transitions;
  const excludingTax = invoice.total_excluding_tax;
  return {
    id: invoice.id,
    customerId: refId(invoice.customer),
    subscriptionId:
      refId(invoice.subscription) ?? refId(invoice.parent?.subscription_details?.subscription),
    status: invoice.status,
    number: invoice.number,
    billingReason: invoice.billing_reason,
    currency: normaliseCurrency(invoice.currency),
    created: invoice.created,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    subtotal: invoice.subtotal,
    discountAmount: sumAmounts(invoice.total_discount_amounts),
    taxAmount: excludingTax === null || excludingTax === undefined ? null : invoice.total - excludingTax,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    startingBalance: invoice.starting_balance,
    attemptCount: invoice.attempt_count,
    chargeId: refId(invoice.charge),
    finalizedAt: transitions.finalized_at,
    paidAt: transitions.paid_at,
    voidedAt: transitions.voided_at,
    markedUncollectibleAt: transitions.marked_uncollectible_at,
    deleted,
    lines: invoice.lines.data.map((line) => transformInvoiceLine(line, invoice.id)),
    linesIncomplete: invoice.lines.has_more === true,
  };
}

export function transformInvoicePayment(payment: StripeInvoicePayment): InvoicePaymentRecord {
  return {
    id: payment.id,
    invoiceId: refId(payment.invoice),
    chargeId: refId(payment.payment.charge),
    paymentIntentId: refId(payment.payment.payment_intent),
    status: payment.status,
    amountRequested: payment.amount_requested,
    amountPaid: payment.amount_paid,
    currency: normaliseCurrency(payment.currency),
    isDefault: payment.is_default,
    created: payment.created,
    paidAt: payment.status_transitions.paid_at,
    canceledAt: payment.status_transitions.canceled_at,
  };
}
