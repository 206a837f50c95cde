// The customer page's shaping: the MRR timeline as a step series per currency (carried to
// today), movements newest first with the Stripe event that caused each in words, and the
// subscription facts worth a glance.
import { formatDay, type Day } from '../../lib/calendar.js';
import type { CustomerResponse as CustomerDetail, MovementKind } from '@read/customers/contract.js';

export type TimelinePoint = { t: number; day: Day } & Record<string, number | string>;
export type Timeline = { currencies: string[]; points: TimelinePoint[] };

const time = (day: Day) => Date.parse(`${day}T00:00:00Z`);

/** One point per change day (every currency's MRR at the end of that day), then today. */
export function mrrTimeline(detail: CustomerDetail, today: Day): Timeline {
  const entries = [...detail.mrrTimeline].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const currencies = [...new Set(entries.map((e) => e.currency))].sort();
  const level: Record<string, number> = Object.fromEntries(currencies.map((c) => [c, 0]));
  const points: TimelinePoint[] = [];
  for (const e of entries) {
    level[e.currency] = e.mrr;
    const last = points[points.length - 1];
    if (last && last.day === e.day) Object.assign(last, { [e.currency]: e.mrr });
    else points.push({ t: time(e.day), day: e.day, ...level });
  }
  const last = points[points.length - 1];
  if (last && last.day < today) points.push({ t: time(today), day: today, ...level });
  return { currencies, points };
}

export const MOVEMENT_LABELS: Readonly<Record<MovementKind, string>> = {
  new: 'New',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
};

const EVENT_LABELS: Readonly<Record<string, string>> = {
  'customer.subscription.created': 'Subscription created',
  'customer.subscription.updated': 'Subscription changed',
  'customer.subscription.deleted': 'Subscription canceled',
  'customer.subscription.paused': 'Subscription paused',
  'customer.subscription.resumed': 'Subscription resumed',
  'customer.subscription.trial_will_end': 'Trial ending soon',
  'customer.discount.created': 'Discount applied',
  'customer.discount.updated': 'Discount changed',
  'customer.discount.deleted': 'Discount removed',
  'invoice.paid': 'Invoice paid',
  'invoice.payment_failed': 'Invoice payment failed',
  'invoice.payment_succeeded': 'Invoice payment succeeded',
  'customer.updated': 'Customer updated',
  'customer.deleted': 'Customer deleted',
  // PayPal (docs/paypal.md)
  'BILLING.SUBSCRIPTION.CREATED': 'Subscription created (PayPal)',
  'BILLING.SUBSCRIPTION.ACTIVATED': 'Subscription activated (PayPal)',
  'BILLING.SUBSCRIPTION.UPDATED': 'Subscription changed (PayPal)',
  'BILLING.SUBSCRIPTION.RE-ACTIVATED': 'Subscription re-activated (PayPal)',
  'BILLING.SUBSCRIPTION.SUSPENDED': 'Subscription suspended (PayPal)',
  'BILLING.SUBSCRIPTION.CANCELLED': 'Subscription canceled (PayPal)',
  'BILLING.SUBSCRIPTION.EXPIRED': 'Subscription expired (PayPal)',
  'BILLING.SUBSCRIPTION.PAYMENT.FAILED': 'Payment failed (PayPal)',
  'BILLING.PLAN.UPDATED': 'Plan changed (PayPal)',
  'BILLING.PLAN.PRICING-CHANGE.ACTIVATED': 'Plan price changed (PayPal)',
  'PAYMENT.SALE.COMPLETED': 'Payment received (PayPal)',
  // A row of a subscription import (docs/import.md)
  'import.subscription': 'Imported subscription row',
};

/** "Subscription changed" for a provider's event type; an unknown type stays as it is. */
export function eventLabel(type: string | null): string {
  if (!type) return 'Stored change (event not kept)';
  return EVENT_LABELS[type] ?? type;
}

export type MovementRow = CustomerDetail['movements'][number] & { label: string; cause: string; when: string };

export function movementRows(detail: CustomerDetail, locale?: string): MovementRow[] {
  return [...detail.movements]
    .sort((a, b) => (a.day === b.day ? (b.eventAt ?? '').localeCompare(a.eventAt ?? '') : a.day < b.day ? 1 : -1))
    .map((m) => ({ ...m, label: MOVEMENT_LABELS[m.movement], cause: eventLabel(m.eventType), when: formatDay(m.day, locale) }));
}

/** Money arrives per currency: the sum of one currency's movements equals its last MRR. */
export function movementTotals(detail: CustomerDetail): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const m of detail.movements) totals[m.currency] = (totals[m.currency] ?? 0) + m.amount;
  return totals;
}

/** What a subscription's state means for revenue, in a few words. */
export function subscriptionNote(s: CustomerDetail['subscriptions'][number], locale?: string): string {
  const day = (iso: string | null) => (iso ? formatDay(iso.slice(0, 10), locale) : '');
  if (s.endedAt) return `Ended ${day(s.endedAt)}`;
  if (s.cancelAtPeriodEnd || s.cancelAt) return `Cancels ${day(s.cancelAt ?? s.currentPeriodEnd)}`;
  if (s.status === 'trialing' && s.trialEnd) return `Trial until ${day(s.trialEnd)}`;
  if (s.currentPeriodEnd) return `Renews ${day(s.currentPeriodEnd)}`;
  return '';
}
