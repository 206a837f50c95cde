// Charges, refunds, disputes and credit notes → PaymentRecord, RefundRecord, DisputeRecord and
// CreditNoteRecord.
import { normaliseCurrency } from '../../core/currency.js';
import type { CreditNoteRecord, DisputeRecord, PaymentRecord, RefundRecord } from '../../core/records.js';
import { refId } from './schemas/common.js';
import type { StripeCreditNote } from './schemas/invoice.js';
import type { StripeCharge, StripeDispute, StripeRefund } from './schemas/payment.js';

export function transformCharge(charge: StripeCharge): PaymentRecord {
  const outcome = charge.outcome;
  const outcomeReason = outcome?.reason ?? null;
  return {
    id: charge.id,
    customerId: refId(charge.customer),
    invoiceId: refId(charge.invoice),
    paymentIntentId: refId(charge.payment_intent),
    status: charge.status,
    amount: charge.amount,
    amountCaptured: charge.amount_captured ?? (charge.captured ? charge.amount : 0),
    amountRefunded: charge.amount_refunded,
    currency: normaliseCurrency(charge.currency),
    captured: charge.captured,
    refunded: charge.refunded,
    disputed: charge.disputed,
    failureCode: charge.failure_code,
    failureMessage: charge.failure_message,
    declineCode: outcome?.type === 'issuer_declined' ? outcomeReason : null,
    outcomeType: outcome?.type ?? null,
    outcomeReason,
    created: charge.created,
  };
}

export function transformRefund(refund: StripeRefund): RefundRecord {
  return {
    id: refund.id,
    chargeId: refId(refund.charge),
    paymentIntentId: refId(refund.payment_intent),
    amount: refund.amount,
    currency: normaliseCurrency(refund.currency),
    status: refund.status,
    reason: refund.reason,
    created: refund.created,
  };
}

export function transformDispute(dispute: StripeDispute): DisputeRecord {
  return {
    id: dispute.id,
    chargeId: refId(dispute.charge),
    paymentIntentId: refId(dispute.payment_intent),
    amount: dispute.amount,
    currency: normaliseCurrency(dispute.currency),
    status: dispute.status,
    reason: dispute.reason,
    isChargeRefundable: dispute.is_charge_refundable,
    created: dispute.created,
  };
}

export function transformCreditNote(note: StripeCreditNote): CreditNoteRecord {
  const refundIds = note.refunds
    ? note.refunds.map((entry) => refId(entry.refund))
    : note.refund
      ? [refId(note.refund)]
      : [];
  return {
    id: note.id,
    number: note.number,
    invoiceId: refId(note.invoice),
    customerId: refId(note.customer),
    status: note.status,
    type: note.type,
    reason: note.reason,
    currency: normaliseCurrency(note.currency),
    amount: note.amount,
    subtotal: note.subtotal,
    totalExcludingTax: note.total_excluding_tax ?? null,
    outOfBandAmount: note.out_of_band_amount ?? null,
    refundIds,
    created: note.created,
    effectiveAt: note.effective_at ?? null,
    voidedAt: note.voided_at ?? null,
  };
}
