// Invoices of the simulated subscriptions: their lines (a period's charge, or the credit and
// debit of a proration), the coupon's discount on each line, and the Invoice object at each
// step (draft → open → paid). Amounts are integers in minor units; the proration and percent
// math goes through exact rationals and rounds once, half away from zero.
import { currencyExponent } from '../core/currency.js';
import { div, mul, parseDecimal, ratio, toDecimalString, toMinorUnits } from '../core/decimal.js';
import type { UnixSeconds } from '../core/types.js';
import { shortDate } from './calendar.js';
import type { CatalogPrice } from './catalog.js';
import type { Sim, SubState } from './state.js';
import type {
  StripeBillingReason, StripeDiscount, StripeDiscountAmount, StripeInvoice, StripeInvoiceLineItem,
  StripeInvoiceStatus,
} from './stripe-types.js';

export type InvoiceState = {
  id: string;
  subscriptionId: string;
  created: UnixSeconds;
  billingReason: StripeBillingReason;
  periodStart: UnixSeconds;
  periodEnd: UnixSeconds;
  lines: StripeInvoiceLineItem[];
  discount: StripeDiscount | null;
  number: string | null;
  status: StripeInvoiceStatus;
  attemptCount: number;
  chargeId: string | null;
  paymentIntent: string | null;
  finalizedAt: UnixSeconds | null;
  paidAt: UnixSeconds | null;
  nextPaymentAttempt: UnixSeconds | null;
};

const SYMBOLS: Record<string, string> = { usd: '$', eur: '€', gbp: '£' };
const formatted = new Map<string, string>();

/** "$29.00", "€4,690.00": how Stripe prints a unit price in a line description. */
export function formatMoney(minor: number, currency: string): string {
  const key = `${minor} ${currency}`;
  const cached = formatted.get(key);
  if (cached !== undefined) return cached;
  const exponent = currencyExponent(currency);
  const text = toDecimalString(ratio(minor, 10 ** exponent), exponent);
  const [whole = '0', fraction = ''] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = exponent > 0 ? `.${fraction.padEnd(exponent, '0')}` : '';
  const out = `${SYMBOLS[currency] ?? `${currency.toUpperCase()} `}${grouped}${decimals}`;
  formatted.set(key, out);
  return out;
}

/** Stripe's `unit_amount_excluding_tax`: the line amount per unit, as an exact decimal string. */
function unitAmountString(amount: number, quantity: number): string {
  if (quantity === 0) return '0';
  if (amount % quantity === 0) return String(amount / quantity);
  return toDecimalString(ratio(amount, quantity), 10);
}

/** `amount × (end − at) / (end − start)`, rounded half away from zero: Stripe's proration. */
export function prorate(amount: number, at: UnixSeconds, start: UnixSeconds, end: UnixSeconds): number {
  return toMinorUnits(ratio(BigInt(amount) * BigInt(end - at), BigInt(end - start)));
}

/** `amount × percent / 100`, rounded half away from zero. */
export function percentOf(amount: number, percent: number): number {
  return toMinorUnits(mul(ratio(amount), div(parseDecimal(percent), ratio(100))));
}

function planLabel(entry: CatalogPrice, quantity: number): string {
  return quantity === 1 && !entry.plan.perSeat ? entry.plan.name : `${quantity} × ${entry.plan.name}`;
}

type LineInput = {
  invoiceId: string;
  sub: SubState;
  entry: CatalogPrice;
  quantity: number;
  amount: number;
  period: { start: UnixSeconds; end: UnixSeconds };
  description: string;
  proration: boolean;
  credited: { invoice: string; line: string } | null;
};

function line(sim: Sim, input: LineInput): StripeInvoiceLineItem {
  const { price, legacyPlan } = input.entry;
  const base: StripeInvoiceLineItem = {
    id: sim.ids.next('il'), object: 'line_item', amount: input.amount,
    amount_excluding_tax: input.amount, currency: price.currency, description: input.description,
    discount_amounts: [], discountable: !input.proration, discounts: [], invoice: input.invoiceId,
    livemode: false, metadata: {}, period: input.period, plan: legacyPlan, price,
    proration: input.proration,
    proration_details: {
      credited_items: input.credited
        ? { invoice: input.credited.invoice, invoice_line_items: [input.credited.line] }
        : null,
    },
    quantity: input.quantity, subscription: input.sub.id, subscription_item: input.sub.itemId,
    tax_amounts: [], tax_rates: [], type: input.proration ? 'invoiceitem' : 'subscription',
    unit_amount_excluding_tax: unitAmountString(input.amount, input.quantity),
  };
  return input.proration ? { ...base, invoice_item: sim.ids.next('ii') } : base;
}

/** The line charging the subscription's current price for its current period. */
export function periodLine(sim: Sim, invoiceId: string, sub: SubState): StripeInvoiceLineItem {
  const unitAmount = sub.entry.price.unit_amount;
  const made = line(sim, {
    invoiceId, sub, entry: sub.entry, quantity: sub.quantity, amount: unitAmount * sub.quantity,
    period: { start: sub.periodStart, end: sub.periodEnd }, proration: false, credited: null,
    description: `${sub.quantity} × ${sub.entry.plan.name} (at ${formatMoney(unitAmount, sub.entry.currency)} / ${sub.entry.interval})`,
  });
  sub.lastLine = { invoice: invoiceId, line: made.id };
  return made;
}

/** The $0 line of the invoice that opens a trial. */
export function trialLine(sim: Sim, invoiceId: string, sub: SubState): StripeInvoiceLineItem {
  return line(sim, {
    invoiceId, sub, entry: sub.entry, quantity: sub.quantity, amount: 0,
    period: { start: sub.periodStart, end: sub.periodEnd }, proration: false, credited: null,
    description: `Trial period for ${sub.entry.plan.name}`,
  });
}

/** The credit for unused time on the old price, from `at` to `periodEnd`. */
export function unusedTimeLine(
  sim: Sim, invoiceId: string, sub: SubState, entry: CatalogPrice, quantity: number, at: UnixSeconds,
): StripeInvoiceLineItem {
  const full = entry.price.unit_amount * quantity;
  return line(sim, {
    invoiceId, sub, entry, quantity, amount: -prorate(full, at, sub.periodStart, sub.periodEnd),
    period: { start: at, end: sub.periodEnd }, proration: true, credited: sub.lastLine,
    description: `Unused time on ${planLabel(entry, quantity)} after ${shortDate(at)}`,
  });
}

/** The charge for the remaining time on the new price, from `at` to `periodEnd`. */
export function remainingTimeLine(
  sim: Sim, invoiceId: string, sub: SubState, at: UnixSeconds,
): StripeInvoiceLineItem {
  const full = sub.entry.price.unit_amount * sub.quantity;
  return line(sim, {
    invoiceId, sub, entry: sub.entry, quantity: sub.quantity,
    amount: prorate(full, at, sub.periodStart, sub.periodEnd),
    period: { start: at, end: sub.periodEnd }, proration: true, credited: null,
    description: `Remaining time on ${planLabel(sub.entry, sub.quantity)} after ${shortDate(at)}`,
  });
}

/**
 * Fills `discount_amounts` of the discountable lines. A percent coupon takes its share of each
 * line; an amount-off coupon takes up to its amount once per invoice, never more than the lines.
 */
export function applyDiscount(lines: StripeInvoiceLineItem[], discount: StripeDiscount | null): void {
  if (!discount) return;
  const { percent_off: percent, amount_off: amountOff } = discount.coupon;
  let budget = amountOff ?? 0;
  for (const item of lines) {
    if (!item.discountable || item.amount <= 0) continue;
    let amount = 0;
    if (percent !== null) amount = percentOf(item.amount, percent);
    else if (budget > 0) {
      amount = Math.min(budget, item.amount);
      budget -= amount;
    }
    if (amount > 0) item.discount_amounts = [{ amount, discount: discount.id }];
  }
}

export function newInvoice(
  sim: Sim, sub: SubState, at: UnixSeconds, billingReason: StripeBillingReason,
  period: { start: UnixSeconds; end: UnixSeconds },
): InvoiceState {
  return {
    id: sim.ids.next('in'), subscriptionId: sub.id, created: at, billingReason,
    periodStart: period.start, periodEnd: period.end, lines: [], discount: sub.discount,
    number: null, status: 'draft', attemptCount: 0, chargeId: null, paymentIntent: null,
    finalizedAt: null, paidAt: null, nextPaymentAttempt: null,
  };
}

export function invoiceTotals(inv: InvoiceState): { subtotal: number; discounts: StripeDiscountAmount[]; total: number } {
  let subtotal = 0;
  const byDiscount = new Map<string, number>();
  for (const item of inv.lines) {
    subtotal += item.amount;
    for (const d of item.discount_amounts) byDiscount.set(d.discount, (byDiscount.get(d.discount) ?? 0) + d.amount);
  }
  const discounts = [...byDiscount].map(([discount, amount]) => ({ amount, discount }));
  const total = subtotal - discounts.reduce((sum, d) => sum + d.amount, 0);
  return { subtotal, discounts, total };
}

export function invoiceObject(sim: Sim, inv: InvoiceState): StripeInvoice {
  const { customer } = sim;
  const { subtotal, discounts, total } = invoiceTotals(inv);
  const amountDue = Math.max(total, 0);
  const paid = inv.status === 'paid';
  const amountPaid = paid ? amountDue : 0;
  const finalized = inv.finalizedAt !== null;
  return {
    id: inv.id, object: 'invoice', account_country: 'US', account_name: 'Revpulse Demo',
    account_tax_ids: null, amount_due: amountDue, amount_paid: amountPaid,
    amount_remaining: amountDue - amountPaid, amount_shipping: 0, application: null,
    application_fee_amount: null, attempt_count: inv.attemptCount, attempted: inv.attemptCount > 0 || paid,
    auto_advance: !paid && inv.status !== 'void',
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_reason: inv.billingReason, charge: inv.chargeId, collection_method: 'charge_automatically',
    created: inv.created, currency: customer.currency, custom_fields: null, customer: customer.id,
    customer_address: { ...customer.profile.address }, customer_email: customer.profile.email,
    customer_name: customer.profile.name, customer_phone: null, customer_shipping: null,
    customer_tax_exempt: 'none', customer_tax_ids: [], default_payment_method: null,
    default_source: null, default_tax_rates: [], description: null, discount: inv.discount,
    discounts: inv.discount ? [inv.discount.id] : [], due_date: null, effective_at: inv.finalizedAt,
    ending_balance: finalized ? 0 : null, footer: null, from_invoice: null,
    hosted_invoice_url: finalized ? `https://invoice.stripe.com/i/acct_demo/test_${inv.id}` : null,
    invoice_pdf: finalized ? `https://pay.stripe.com/invoice/acct_demo/test_${inv.id}/pdf` : null,
    last_finalization_error: null, latest_revision: null,
    lines: {
      object: 'list', data: inv.lines.slice(), has_more: false, total_count: inv.lines.length,
      url: `/v1/invoices/${inv.id}/lines`,
    },
    livemode: false, metadata: {}, next_payment_attempt: inv.nextPaymentAttempt, number: inv.number,
    on_behalf_of: null, paid, paid_out_of_band: false, payment_intent: inv.paymentIntent,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: inv.periodEnd, period_start: inv.periodStart, post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0, quote: null, receipt_number: null, rendering: null,
    shipping_cost: null, shipping_details: null, starting_balance: 0, statement_descriptor: null,
    status: inv.status,
    status_transitions: {
      finalized_at: inv.finalizedAt, marked_uncollectible_at: null, paid_at: inv.paidAt, voided_at: null,
    },
    subscription: inv.subscriptionId, subscription_details: { metadata: {} }, subtotal,
    subtotal_excluding_tax: subtotal, tax: null, test_clock: null, total,
    total_discount_amounts: discounts, total_excluding_tax: total, total_tax_amounts: [],
    transfer_data: null, webhooks_delivered_at: inv.created,
  };
}

/** Emits `invoice.created` for a draft with its lines in place. */
export function emitCreated(sim: Sim, inv: InvoiceState): void {
  sim.log.emit('invoice.created', invoiceObject(sim, inv), inv.created);
}

/** Numbers the invoice, opens it and emits `invoice.finalized`. */
export function finalizeInvoice(sim: Sim, inv: InvoiceState, at: UnixSeconds): void {
  const { customer } = sim;
  inv.number = `${customer.invoicePrefix}-${String(customer.nextInvoiceSequence).padStart(4, '0')}`;
  customer.nextInvoiceSequence += 1;
  inv.status = 'open';
  inv.finalizedAt = at;
  if (invoiceTotals(inv).total > 0) inv.paymentIntent = sim.ids.next('pi');
  sim.log.emit('invoice.finalized', invoiceObject(sim, inv), at);
}
