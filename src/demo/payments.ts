// Paying invoices in the simulation: cards, charges that succeed or are declined with Stripe's
// real decline codes, the dunning retries of a failed renewal (subscription past_due, then
// active again or canceled), and the occasional refund or dispute of a successful charge.
import type { UnixSeconds } from '../core/types.js';
import { DAY, HOUR, MINUTE } from './calendar.js';
import { finalizeInvoice, invoiceObject, invoiceTotals, percentOf } from './invoicing.js';
import type { InvoiceState } from './invoicing.js';
import { updateCustomer, updateSubscription } from './state.js';
import type { Card, Sim } from './state.js';
import type {
  StripeCharge, StripeChargeOutcome, StripeDispute, StripeDisputeReason, StripeRefund,
} from './stripe-types.js';

type Decline = {
  failureCode: string;
  reason: string;
  message: string;
  networkDeclineCode: string;
  advice: StripeChargeOutcome['advice_code'];
  weight: number;
};

const DECLINES: readonly Decline[] = [
  { failureCode: 'card_declined', reason: 'insufficient_funds', message: 'Your card has insufficient funds.', networkDeclineCode: '51', advice: 'try_again_later', weight: 45 },
  { failureCode: 'card_declined', reason: 'generic_decline', message: 'Your card was declined.', networkDeclineCode: '05', advice: null, weight: 25 },
  { failureCode: 'expired_card', reason: 'expired_card', message: 'Your card has expired.', networkDeclineCode: '54', advice: 'do_not_try_again', weight: 18 },
  { failureCode: 'card_declined', reason: 'do_not_honor', message: 'Your card was declined.', networkDeclineCode: '05', advice: null, weight: 12 },
];

const RETRYABLE = DECLINES.filter((d) => d.failureCode !== 'expired_card');

/** Share of renewal payments whose first attempt fails. */
export const RENEWAL_FAILURE_RATE = 0.05;
/** Days after the first attempt on which Stripe retries a failed renewal. */
const RETRY_DAYS = [3, 5, 7] as const;
const LAST_RETRY_DAY = 7;
const REFUND_RATE = 0.008;
const DISPUTE_RATE = 0.0015;

export function makeCard(sim: Sim, at: UnixSeconds): Card {
  const { rng } = sim;
  const brand = rng.weighted([['visa', 60], ['mastercard', 30], ['amex', 10]] as const);
  const year = new Date(at * 1000).getUTCFullYear();
  let fingerprint = '';
  for (let i = 0; i < 16; i++) fingerprint += 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'[rng.int(0, 54)];
  return {
    paymentMethodId: sim.ids.next('pm'),
    details: {
      brand, country: sim.customer.profile.country, exp_month: rng.int(1, 12), exp_year: year + rng.int(1, 5),
      fingerprint, funding: rng.chance(0.8) ? 'credit' : 'debit',
      last4: String(rng.int(0, 9999)).padStart(4, '0'), network: brand,
    },
  };
}

function outcome(decline: Decline | null, riskScore: number): StripeChargeOutcome {
  if (!decline) {
    return {
      advice_code: null, network_advice_code: null, network_decline_code: null,
      network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: riskScore,
      seller_message: 'Payment complete.', type: 'authorized',
    };
  }
  return {
    advice_code: decline.advice, network_advice_code: null,
    network_decline_code: decline.networkDeclineCode, network_status: 'declined_by_network',
    reason: decline.reason, risk_level: 'normal', risk_score: riskScore,
    seller_message: decline.reason === 'generic_decline'
      ? 'The bank did not return any further details with this decline.'
      : `The bank returned the decline code \`${decline.reason}\`.`,
    type: 'issuer_declined',
  };
}

function chargeObject(
  sim: Sim, inv: InvoiceState, card: Card, at: UnixSeconds, decline: Decline | null,
): StripeCharge {
  const { customer } = sim;
  const amount = invoiceTotals(inv).total;
  const id = sim.ids.next('ch');
  const succeeded = decline === null;
  return {
    id, object: 'charge', amount, amount_captured: succeeded ? amount : 0, amount_refunded: 0,
    application: null, application_fee: null, application_fee_amount: null,
    balance_transaction: succeeded ? sim.ids.next('txn') : null,
    billing_details: { address: { ...customer.profile.address }, email: customer.profile.email, name: customer.profile.name, phone: null },
    calculated_statement_descriptor: 'REVPULSE DEMO', captured: succeeded, created: at,
    currency: customer.currency, customer: customer.id,
    description: inv.billingReason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
    disputed: false, failure_balance_transaction: null, failure_code: decline?.failureCode ?? null,
    failure_message: decline?.message ?? null, fraud_details: {}, invoice: inv.id, livemode: false,
    metadata: {}, on_behalf_of: null, outcome: outcome(decline, sim.rng.int(2, 40)), paid: succeeded,
    payment_intent: inv.paymentIntent ?? '', payment_method: card.paymentMethodId,
    payment_method_details: { card: { ...card.details }, type: 'card' },
    receipt_email: customer.profile.email, receipt_number: null,
    receipt_url: `https://pay.stripe.com/receipts/invoices/acct_demo/${id}`, refunded: false,
    refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/charges/${id}/refunds` },
    review: null, shipping: null, source: null, source_transfer: null, statement_descriptor: null,
    statement_descriptor_suffix: null, status: succeeded ? 'succeeded' : 'failed', transfer_data: null,
    transfer_group: null,
  };
}

export function paySucceeded(sim: Sim, inv: InvoiceState, card: Card, at: UnixSeconds): void {
  const charge = chargeObject(sim, inv, card, at, null);
  inv.attemptCount += 1;
  inv.chargeId = charge.id;
  inv.status = 'paid';
  inv.paidAt = at + 1;
  inv.nextPaymentAttempt = null;
  sim.log.emit('charge.succeeded', charge, at);
  const paid = invoiceObject(sim, inv);
  sim.log.emit('invoice.paid', paid, at + 1);
  sim.log.emit('invoice.payment_succeeded', paid, at + 1);
  afterSuccessfulCharge(sim, charge);
}

function payFailed(
  sim: Sim, inv: InvoiceState, card: Card, at: UnixSeconds, decline: Decline, next: UnixSeconds | null,
): void {
  const charge = chargeObject(sim, inv, card, at, decline);
  inv.attemptCount += 1;
  inv.nextPaymentAttempt = next;
  inv.chargeId = charge.id;
  sim.log.emit('charge.failed', charge, at);
  sim.log.emit('invoice.payment_failed', invoiceObject(sim, inv), at + 1);
}

export type PaymentResult = { paid: true; at: UnixSeconds } | { paid: false; at: UnixSeconds };

/**
 * Finalizes `inv` at `at` and collects it. A $0 invoice is paid without a charge. A renewal may
 * fail (`failureRate`): the subscription goes past_due, Stripe retries on days 3, 5 and 7, and
 * most customers recover (an expired card is replaced by the customer instead). Returns when
 * the invoice was paid, or when the last retry failed.
 */
export function collect(sim: Sim, inv: InvoiceState, at: UnixSeconds, failureRate: number): PaymentResult {
  finalizeInvoice(sim, inv, at);
  const card = sim.customer.card;
  if (invoiceTotals(inv).total === 0) {
    inv.status = 'paid';
    inv.paidAt = at;
    const paid = invoiceObject(sim, inv);
    sim.log.emit('invoice.paid', paid, at);
    sim.log.emit('invoice.payment_succeeded', paid, at);
    return { paid: true, at };
  }
  const chargeAt = at + sim.rng.int(2, 20);
  if (card && !sim.rng.chance(failureRate)) {
    paySucceeded(sim, inv, card, chargeAt);
    return { paid: true, at: chargeAt + 1 };
  }
  if (!card) {
    // A trial that ends without a card on file: the invoice fails without a charge.
    inv.attemptCount += 1;
    sim.log.emit('invoice.payment_failed', invoiceObject(sim, inv), chargeAt);
    markPastDue(sim, chargeAt + 1);
    return { paid: false, at: chargeAt + 1 };
  }

  const decline = sim.rng.weighted(DECLINES.map((d) => [d, d.weight] as const));
  payFailed(sim, inv, card, chargeAt, decline, chargeAt + RETRY_DAYS[0] * DAY);
  markPastDue(sim, chargeAt + 2);

  const recovers = sim.rng.chance(0.8);
  if (recovers && decline.failureCode === 'expired_card') {
    const fixedAt = chargeAt + sim.rng.int(12 * HOUR, 4 * DAY);
    updateCustomer(sim, fixedAt, (c) => {
      c.card = makeCard(sim, fixedAt);
    });
    return settle(sim, inv, fixedAt + sim.rng.int(MINUTE, 10 * MINUTE));
  }
  const recoverOn = recovers ? sim.rng.weighted([[0, 50], [1, 30], [2, 20]] as const) : -1;
  for (const [i, day] of RETRY_DAYS.entries()) {
    const retryAt = chargeAt + day * DAY + sim.rng.int(0, 2 * HOUR);
    if (i === recoverOn) return settle(sim, inv, retryAt);
    const nextDay = RETRY_DAYS[i + 1];
    const again = sim.rng.weighted(RETRYABLE.map((d) => [d, d.weight] as const));
    payFailed(sim, inv, card, retryAt, again, nextDay === undefined ? null : chargeAt + nextDay * DAY);
  }
  return { paid: false, at: chargeAt + LAST_RETRY_DAY * DAY + 2 * HOUR + 2 };
}

function settle(sim: Sim, inv: InvoiceState, at: UnixSeconds): PaymentResult {
  const card = sim.customer.card;
  if (!card) throw new Error('settling an invoice without a card');
  paySucceeded(sim, inv, card, at);
  if (sim.sub && sim.sub.status === 'past_due') {
    updateSubscription(sim, at + 2, (s) => {
      s.status = 'active';
    });
  }
  return { paid: true, at: at + 2 };
}

function markPastDue(sim: Sim, at: UnixSeconds): void {
  if (sim.sub && sim.sub.status !== 'past_due') {
    updateSubscription(sim, at, (s) => {
      s.status = 'past_due';
    });
  }
}

/** Rarely, a paid charge is refunded (sometimes with a cancellation) or disputed. */
function afterSuccessfulCharge(sim: Sim, charge: StripeCharge): void {
  const { rng } = sim;
  if (rng.chance(REFUND_RATE)) {
    const at = charge.created + rng.int(DAY, 10 * DAY);
    const full = rng.chance(0.6);
    const amount = full ? charge.amount : Math.max(1, percentOf(charge.amount, rng.int(10, 50)));
    const refund: StripeRefund = {
      id: sim.ids.next('re'), object: 'refund', amount, balance_transaction: sim.ids.next('txn'),
      charge: charge.id, created: at, currency: charge.currency, metadata: {},
      payment_intent: charge.payment_intent, reason: 'requested_by_customer', receipt_number: null,
      status: 'succeeded',
    };
    sim.log.emit('charge.refunded', {
      ...charge, amount_refunded: amount, refunded: full,
      refunds: { ...charge.refunds, data: [refund], total_count: 1 },
    }, at, { byRequest: true });
    if (full && rng.chance(0.5)) sim.pending.push({ at: at + MINUTE, reason: 'cancellation_requested' });
    return;
  }
  if (rng.chance(DISPUTE_RATE)) {
    const at = charge.created + rng.int(5 * DAY, 40 * DAY);
    const reason = rng.weighted<StripeDisputeReason>([
      ['fraudulent', 40], ['subscription_canceled', 25], ['unrecognized', 20], ['product_not_received', 15],
    ]);
    const dispute: StripeDispute = {
      id: sim.ids.next('du'), object: 'dispute', amount: charge.amount, balance_transactions: [],
      charge: charge.id, created: at, currency: charge.currency,
      evidence_details: { due_by: at + 21 * DAY, has_evidence: false, past_due: false, submission_count: 0 },
      is_charge_refundable: false, livemode: false, metadata: {}, payment_intent: charge.payment_intent,
      reason, status: 'needs_response',
    };
    sim.log.emit('charge.dispute.created', dispute, at);
    const closedAt = at + rng.int(30 * DAY, 75 * DAY);
    const won = rng.chance(0.35);
    sim.log.emit('charge.dispute.closed', {
      ...dispute, status: won ? 'won' : 'lost',
      evidence_details: { ...dispute.evidence_details, has_evidence: true, submission_count: 1 },
    }, closedAt);
    sim.pending.push({ at: at + MINUTE, reason: 'payment_disputed' });
  }
}
