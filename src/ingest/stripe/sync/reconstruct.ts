// Reconstructs the past of one subscription from what Stripe still lists: the subscription as
// it is today and its invoices (with the charges that tried to pay them). Stripe's Events API
// reaches back only 30 days, so this is where older history comes from.
//
// Responsible for: the moments at which the subscription's state changed, as far as the objects
// reveal them — start (trialing or active), trial end, every renewal (items and period from the
// period lines), every mid-period change (proration lines), payment failures and recoveries
// (past_due), discounts starting and going away, a cancellation being requested — and the full
// state at each moment, rendered as a Subscription object. Pure: no I/O, no clock. Moments at or
// after `cutoff` are left out: real events cover them. See docs/ingestion.md for the limits.
import type { InvoiceLineRecord, InvoiceRecord } from '../../../core/records.js';
import { transformInvoice } from '../invoice.js';
import { invoice as invoiceSchema } from '../schemas/invoice.js';
import { subscription as subscriptionSchema, type StripeSubscription } from '../schemas/subscription.js';
import { isStripeObject, type StripeObject } from './synthetic.js';
import { renderSubscription, type ItemState, type SubscriptionState } from './render-subscription.js';

export type ReconstructInput = {
  /** The subscription as listed today. */
  subscription: StripeObject;
  /** Its invoices, with complete line lists. */
  invoices: readonly StripeObject[];
  /** Charges that tried to pay those invoices. */
  charges: readonly StripeObject[];
  priceById: (id: string) => StripeObject | null;
  /** Moments at or after this (unix seconds) are not reconstructed. */
  cutoff: number;
};

export type ReconstructedMoment = { at: number; tags: string[]; object: StripeObject };

type Change = { at: number; tag: string; order: number; apply: (s: SubscriptionState) => void };
type ParsedInvoice = { raw: StripeObject; record: InvoiceRecord; rawLines: Record<string, unknown>[] };

const ORDER = { start: 0, renewal: 1, change: 2, trial_end: 3, past_due: 4, recovered: 5, unpaid: 6, discount: 7, discount_removed: 8, cancel_request: 9 } as const;

function parseInvoices(raws: readonly StripeObject[], subscriptionId: string): ParsedInvoice[] {
  const out: ParsedInvoice[] = [];
  for (const raw of raws) {
    const parsed = invoiceSchema.safeParse(raw);
    if (!parsed.success) continue;
    const record = transformInvoice(parsed.data, false);
    if (record.subscriptionId !== subscriptionId && !record.lines.some((l) => l.subscriptionId === subscriptionId)) continue;
    out.push({ raw, record, rawLines: ((raw.lines as { data?: Record<string, unknown>[] }).data ?? []) });
  }
  return out.sort((a, b) => a.record.created - b.record.created || (a.record.id < b.record.id ? -1 : 1));
}

/** The price of an invoice line: embedded in older API shapes, looked up by id in newer ones. */
function linePrice(line: InvoiceLineRecord, raw: Record<string, unknown> | undefined, input: ReconstructInput): StripeObject | null {
  const embedded = raw?.price;
  if (isStripeObject(embedded) && embedded.recurring) return embedded;
  return line.priceId ? input.priceById(line.priceId) : null;
}

function itemsOf(inv: ParsedInvoice, subscriptionId: string, input: ReconstructInput, pick: (l: InvoiceLineRecord) => boolean): ItemState[] | null {
  const items: ItemState[] = [];
  for (const [i, line] of inv.record.lines.entries()) {
    if (line.subscriptionId !== subscriptionId || line.subscriptionItemId === null || !pick(line)) continue;
    const price = linePrice(line, inv.rawLines[i], input);
    if (!price) return null; // a price we cannot see: keep the items we had
    items.push({ itemId: line.subscriptionItemId, price, quantity: line.quantity });
  }
  return items;
}

const periodLines = (l: InvoiceLineRecord) => !l.proration && l.kind === 'subscription';

function currentItems(sub: StripeObject): ItemState[] {
  const data = ((sub.items as { data?: Record<string, unknown>[] }).data ?? []);
  return data.flatMap((item) =>
    typeof item.id === 'string' && isStripeObject(item.price)
      ? [{ itemId: item.id, price: item.price, quantity: typeof item.quantity === 'number' ? item.quantity : null }]
      : [],
  );
}

function discountsOn(value: Record<string, unknown>): StripeObject[] {
  const found: StripeObject[] = [];
  if (isStripeObject(value.discount)) found.push(value.discount);
  if (Array.isArray(value.discounts)) for (const d of value.discounts) if (isStripeObject(d)) found.push(d);
  return found;
}

function discountIdsOn(value: Record<string, unknown>): Set<string> {
  const ids = new Set(discountsOn(value).map((d) => d.id));
  if (Array.isArray(value.discounts)) for (const d of value.discounts) if (typeof d === 'string') ids.add(d);
  return ids;
}

type DiscountSpan = { discount: StripeObject; from: number; to: number | null };

/** Each discount the subscription had, from its start until the first invoice that no longer
 *  carried it (or for good, when today's subscription still has it). */
function discountSpans(sub: StripeObject, invoices: readonly ParsedInvoice[]): DiscountSpan[] {
  const onCurrent = discountIdsOn(sub);
  const all = new Map<string, StripeObject>();
  for (const d of discountsOn(sub)) all.set(d.id, d);
  for (const inv of invoices) {
    for (const d of discountsOn(inv.raw)) if (!all.has(d.id) && (d.subscription === sub.id || d.subscription == null)) all.set(d.id, d);
  }
  return [...all.values()].map((discount) => {
    const from = typeof discount.start === 'number' ? discount.start : 0;
    if (onCurrent.has(discount.id)) return { discount, from, to: null };
    const carriers = invoices.filter((inv) => discountIdsOn(inv.raw).has(discount.id));
    const last = carriers.at(-1);
    const next = last ? invoices.find((inv) => inv.record.created > last.record.created && !discountIdsOn(inv.raw).has(discount.id)) : undefined;
    return { discount, from, to: next ? Math.max(next.record.created, from) : null };
  });
}

function attempts(charges: readonly StripeObject[]): Map<string, StripeObject[]> {
  const byInvoice = new Map<string, StripeObject[]>();
  for (const charge of charges) {
    const invoiceId = typeof charge.invoice === 'string' ? charge.invoice : isStripeObject(charge.invoice) ? charge.invoice.id : null;
    if (!invoiceId) continue;
    (byInvoice.get(invoiceId) ?? byInvoice.set(invoiceId, []).get(invoiceId)!).push(charge);
  }
  for (const list of byInvoice.values()) list.sort((a, b) => Number(a.created) - Number(b.created));
  return byInvoice;
}

function changesOf(sub: StripeSubscription, raw: StripeObject, invoices: readonly ParsedInvoice[], input: ReconstructInput): Change[] {
  const changes: Change[] = [];
  const add = (at: number, tag: keyof typeof ORDER, apply: Change['apply']) => changes.push({ at, tag, order: ORDER[tag], apply });
  const tries = attempts(input.charges);

  for (const [index, inv] of invoices.entries()) {
    const reason = inv.record.billingReason;
    if (index === 0 && reason === 'subscription_create') continue; // the start state
    const lines = inv.record.lines.filter((l) => l.subscriptionId === sub.id);
    if (reason === 'subscription_update') {
      const prorations = lines.filter((l) => l.proration);
      const at = prorations.length > 0 ? Math.min(...prorations.map((l) => l.periodStart)) : inv.record.created;
      const added = itemsOf(inv, sub.id, input, (l) => (l.proration && l.amount >= 0) || periodLines(l));
      const credited = new Set(lines.filter((l) => l.proration && l.amount < 0).map((l) => l.subscriptionItemId));
      const reset = lines.find(periodLines);
      if (added) {
        add(at, 'change', (s) => {
          const kept = s.items.filter((i) => !credited.has(i.itemId) && !added.some((a) => a.itemId === i.itemId));
          s.items = [...kept, ...added];
          if (reset) [s.periodStart, s.periodEnd] = [reset.periodStart, reset.periodEnd];
        });
      }
    } else if (reason === 'subscription_cycle' || reason === 'subscription_threshold') {
      const period = lines.find(periodLines);
      const items = itemsOf(inv, sub.id, input, periodLines);
      if (period && items && items.length > 0) {
        add(period.periodStart, 'renewal', (s) => {
          s.items = items;
          [s.periodStart, s.periodEnd] = [period.periodStart, period.periodEnd];
        });
      }
    }
    const failed = (tries.get(inv.record.id) ?? []).filter((c) => c.status === 'failed');
    const firstFailure = failed[0];
    if (firstFailure) {
      add(Number(firstFailure.created), 'past_due', (s) => {
        if (s.status === 'active') s.status = 'past_due';
      });
      const paidAt = inv.record.paidAt;
      if (paidAt !== null && paidAt > Number(firstFailure.created)) {
        add(paidAt, 'recovered', (s) => {
          if (s.status === 'past_due' || s.status === 'unpaid') s.status = 'active';
        });
      } else if (sub.status === 'unpaid' && inv === invoices.at(-1)) {
        add(Number(failed.at(-1)!.created), 'unpaid', (s) => {
          s.status = 'unpaid';
        });
      }
    }
  }

  if (sub.trial_start !== null && sub.trial_end !== null && sub.trial_end > sub.start_date) {
    const trialEnd = sub.trial_end;
    const first = invoices.find((inv) => inv.record.created >= trialEnd - 60);
    // A trial ends active when its first invoice was paid or a card was tried; with no payment
    // method at all Stripe leaves it past_due (and it never counted).
    const paying = !first || first.record.paidAt !== null || (tries.get(first.record.id) ?? []).length > 0;
    add(trialEnd, 'trial_end', (s) => {
      if (s.status === 'trialing') s.status = paying ? 'active' : 'past_due';
    });
  }

  for (const span of discountSpans(raw, invoices)) {
    if (span.from > sub.start_date) add(span.from, 'discount', () => undefined);
    if (span.to !== null) add(span.to, 'discount_removed', () => undefined);
  }

  const ended = sub.ended_at ?? (sub.status === 'canceled' ? sub.canceled_at : null);
  if (sub.canceled_at !== null && sub.canceled_at > sub.start_date && (ended === null || sub.canceled_at < ended)) {
    const requested = sub.canceled_at;
    add(requested, 'cancel_request', (s) => {
      s.cancelAtPeriodEnd = true;
      s.canceledAt = requested;
      s.cancelAt = sub.cancel_at ?? ended;
    });
  }
  return changes.sort((a, b) => a.at - b.at || a.order - b.order);
}

function initialState(sub: StripeSubscription, raw: StripeObject, invoices: readonly ParsedInvoice[], input: ReconstructInput): SubscriptionState {
  const first = invoices[0]?.record.billingReason === 'subscription_create' ? invoices[0] : undefined;
  const items = first ? itemsOf(first, sub.id, input, periodLines) : null;
  const period = first?.record.lines.find((l) => l.subscriptionId === sub.id && periodLines(l));
  const trialing = sub.trial_start !== null && sub.trial_end !== null && sub.trial_start <= sub.start_date && sub.trial_end > sub.start_date;
  return {
    status: trialing ? 'trialing' : 'active',
    items: items && items.length > 0 ? items : currentItems(raw),
    periodStart: period?.periodStart ?? (trialing ? sub.trial_start : null),
    periodEnd: period?.periodEnd ?? (trialing ? sub.trial_end : null),
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
  };
}

export function reconstructSubscription(input: ReconstructInput): ReconstructedMoment[] {
  const parsed = subscriptionSchema.safeParse(input.subscription);
  if (!parsed.success) return [];
  const sub = parsed.data;
  // Never active: nothing to reconstruct beyond today's object.
  if (sub.status === 'incomplete' || sub.status === 'incomplete_expired') return [];
  const raw = input.subscription;
  const invoices = parseInvoices(input.invoices, sub.id);
  const state = initialState(sub, raw, invoices, input);
  const spans = discountSpans(raw, invoices);
  const ended = sub.ended_at ?? (sub.status === 'canceled' ? sub.canceled_at : null);
  const limit = Math.min(input.cutoff, ended ?? Number.POSITIVE_INFINITY);

  const moments: ReconstructedMoment[] = [];
  const emit = (at: number, tags: string[]) => {
    if (at < sub.start_date || at >= limit) return;
    const active = spans.filter((s) => s.from <= at && (s.to === null || at < s.to)).map((s) => s.discount);
    moments.push({ at, tags, object: renderSubscription(raw, { ...state, items: [...state.items] }, active) });
  };

  const changes = changesOf(sub, raw, invoices, input);
  let i = 0;
  const startTags: string[] = ['start'];
  while (i < changes.length && changes[i]!.at <= sub.start_date) {
    changes[i]!.apply(state);
    startTags.push(changes[i]!.tag);
    i++;
  }
  emit(sub.start_date, startTags);
  while (i < changes.length) {
    const at = changes[i]!.at;
    const tags: string[] = [];
    while (i < changes.length && changes[i]!.at === at) {
      changes[i]!.apply(state);
      tags.push(changes[i]!.tag);
      i++;
    }
    emit(at, tags);
  }
  return moments;
}
