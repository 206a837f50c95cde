// Stripe's payloads differ across API versions and products (Checkout, Billing, Connect), so the
// transforms may require only the fields they read. For every fixture that transforms, every key
// at every depth of `data.object` is removed, one at a time, and the result is classified:
//
//   ignored    the records are deep-equal to the original ones (and so is the MRR the core
//              computes from a subscription) — the field is not read;
//   defaulted  the event still transforms but the records differ — the field is read and has a
//              default; it must be listed in DEFAULTED for its object type;
//   required   the event is dropped as 'malformed', naming the field (or the object holding it)
//              — it must be listed in REQUIRED for its object type.
//
// Anything else (another drop, a throw, a malformed drop for an unlisted field) fails. Both lists
// are exact: an entry no fixture exercises fails too, so the lists stay the documented truth
// (docs/ingestion.md, "Required fields").
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetRules } from '../../../../src/core/presets.js';
import { subscriptionMrr } from '../../../../src/core/subscription-mrr.js';
import type { NormalizedRecords } from '../../../../src/core/records.js';
import { eventFamily, type StripeEventFamily } from '../../../../src/ingest/stripe/event-types.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { fixtureNames, loadFixture, objectOf, type Json, type JsonObject } from './fixtures.js';

// Paths are dotted, inside data.object; `*` stands for any one segment (an array index, a currency).

/** Fields without which the object is dropped as malformed. */
const REQUIRED: Record<StripeEventFamily, readonly string[]> = {
  subscription: [
    'id', 'customer', 'status', 'start_date',
    'items', 'items.data', 'items.data.*.id', 'items.data.*.price',
    'items.data.*.price.id', 'items.data.*.price.billing_scheme', 'items.data.*.price.tiers_mode',
    'items.data.*.price.product', 'items.data.*.price.product.id',
    'items.data.*.price.recurring.interval', 'items.data.*.price.recurring.interval_count',
    'items.data.*.price.recurring.usage_type',
    'items.data.*.price.transform_quantity.divide_by', 'items.data.*.price.transform_quantity.round',
    'discount.id', 'discount.start', 'discount.coupon.id', 'discount.coupon.duration',
    'discounts.*.id', 'discounts.*.start', 'discounts.*.source.coupon.id', 'discounts.*.source.coupon.duration',
  ],
  customer: ['id', 'created'],
  // `coupon` up to 2025-08-27, `source` (with `source.coupon`) from 2025-09-30.clover.
  discount: ['id', 'start', 'coupon', 'coupon.id', 'coupon.duration', 'source', 'source.coupon'],
  coupon: ['id', 'duration', 'currency_options.*.amount_off', 'valid', 'created'],
  product: ['id', 'name', 'active', 'created'],
  price: [
    'id', 'active', 'billing_scheme', 'tiers_mode', 'created', 'currency', 'product', 'type',
    'recurring.interval', 'recurring.interval_count', 'recurring.usage_type', 'tiers.*.up_to',
  ],
  invoice: [
    'id', 'currency', 'created', 'period_start', 'period_end', 'subtotal', 'total',
    'amount_due', 'amount_paid', 'amount_remaining', 'starting_balance', 'attempt_count',
    'total_discount_amounts.*.amount', 'parent.subscription_details.subscription',
    'lines', 'lines.data', 'lines.data.*.id', 'lines.data.*.amount', 'lines.data.*.currency',
    'lines.data.*.period', 'lines.data.*.period.start', 'lines.data.*.period.end',
    'lines.data.*.discount_amounts.*.amount',
    // up to 2025-02-24: the line's price
    'lines.data.*.price.id', 'lines.data.*.price.product',
    // from 2025-03-31.basil: the line's parent and pricing
    'lines.data.*.parent.subscription_item_details.proration',
    'lines.data.*.parent.subscription_item_details.subscription_item',
    'lines.data.*.pricing.price_details.price', 'lines.data.*.pricing.price_details.product',
  ],
  invoicePreview: [],
  invoicePayment: ['id', 'amount_requested', 'currency', 'created', 'invoice', 'is_default', 'payment', 'status'],
  charge: [
    'id', 'amount', 'amount_refunded', 'currency', 'status', 'captured', 'refunded', 'disputed',
    'outcome.type', 'created',
    // up to 2022-08-01: the embedded refunds
    'refunds.data', 'refunds.data.*.id', 'refunds.data.*.amount', 'refunds.data.*.currency', 'refunds.data.*.created',
  ],
  dispute: ['id', 'amount', 'currency', 'charge', 'status', 'reason', 'is_charge_refundable', 'created'],
  refund: ['id', 'amount', 'currency', 'created'],
  creditNote: ['id', 'amount', 'currency', 'customer', 'invoice', 'number', 'status', 'type', 'created', 'subtotal'],
};

/** Fields that are read but may be missing: the records change (to the documented default), the
 *  event is kept. */
const DEFAULTED: Record<StripeEventFamily, readonly string[]> = {
  subscription: [
    'trial_start', 'trial_end', 'cancel_at_period_end', 'cancel_at', 'canceled_at', 'ended_at',
    'current_period_start', 'current_period_end',
    'items.data.*.current_period_start', 'items.data.*.current_period_end', 'items.data.*.quantity',
    'items.data.*.price.unit_amount_decimal', 'items.data.*.price.transform_quantity',
    'items.data.*.price.product.name',
    'discount', 'discount.coupon', 'discount.coupon.percent_off', 'discount.coupon.amount_off',
    'discount.coupon.currency', 'discount.coupon.duration_in_months',
    'discounts', 'discounts.*.source', 'discounts.*.source.coupon', 'discounts.*.source.coupon.percent_off',
  ],
  customer: ['email', 'name', 'address', 'address.country', 'currency', 'metadata', 'metadata.*'],
  discount: ['coupon.amount_off', 'coupon.currency', 'coupon.duration_in_months', 'customer', 'subscription', 'end'],
  coupon: ['amount_off', 'currency', 'currency_options', 'currency_options.*', 'duration_in_months', 'name'],
  product: ['metadata', 'metadata.*'],
  price: ['nickname', 'lookup_key', 'recurring', 'tiers', 'tiers.*.unit_amount_decimal'],
  invoice: [
    'customer', 'status', 'number', 'billing_reason', 'total_excluding_tax', 'total_discount_amounts',
    'status_transitions', 'status_transitions.finalized_at', 'status_transitions.paid_at',
    'subscription', 'charge', 'parent', 'parent.subscription_details',
    'lines.data.*.description', 'lines.data.*.quantity', 'lines.data.*.discount_amounts',
    'lines.data.*.type', 'lines.data.*.proration', 'lines.data.*.price', 'lines.data.*.subscription',
    'lines.data.*.subscription_item',
    'lines.data.*.parent', 'lines.data.*.parent.subscription_item_details',
    'lines.data.*.parent.subscription_item_details.invoice_item',
    'lines.data.*.parent.subscription_item_details.subscription',
    'lines.data.*.pricing', 'lines.data.*.pricing.price_details',
  ],
  invoicePreview: [],
  invoicePayment: ['amount_paid', 'payment.charge', 'payment.payment_intent', 'status_transitions', 'status_transitions.paid_at'],
  charge: [
    'customer', 'payment_intent', 'invoice', 'failure_code', 'failure_message', 'outcome', 'outcome.reason',
    'refunds', 'refunds.data.*.charge', 'refunds.data.*.payment_intent', 'refunds.data.*.status', 'refunds.data.*.reason',
  ],
  dispute: ['payment_intent'],
  refund: ['charge', 'payment_intent', 'status', 'reason'],
  creditNote: ['reason', 'effective_at', 'total_excluding_tax', 'refund'],
};

/** Subscription fields read only for labels: removing them never moves MRR. */
const DESCRIPTIVE = ['items.data.*.price.nickname', 'items.data.*.plan.nickname', 'items.data.*.price.product.name'];

function matches(pattern: string, path: readonly string[]): boolean {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i]);
}
const listed = (patterns: readonly string[], path: readonly string[]) => patterns.find((p) => matches(p, path));

/** Every key at every depth (through arrays), parents before children. */
function keyPaths(value: Json, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => keyPaths(item, [...prefix, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...keyPaths(child, [...prefix, key])]);
}

function withoutKey(event: JsonObject, path: readonly string[]): JsonObject {
  const copy = structuredClone(event);
  let parent: Json = objectOf(copy);
  for (const key of path.slice(0, -1)) parent = Array.isArray(parent) ? parent[Number(key)]! : (parent as JsonObject)[key]!;
  delete (parent as JsonObject)[path.at(-1)!];
  return copy;
}

/** The MRR of each subscription under every preset, at moments around its life; a failure to
 *  compute (tiers not yet resolved) is a value too. */
function mrrOf(records: NormalizedRecords): string[] {
  return (records.subscriptions ?? []).flatMap(({ snapshot: { state, effectiveAt } }) => {
    const moments = [effectiveAt, state.startDate, (state.currentPeriodEnd ?? effectiveAt) - 1, effectiveAt + 400 * 86_400];
    return PRESET_NAMES.flatMap((preset) =>
      moments.map((at) => {
        try {
          return String(subscriptionMrr(state, at, presetRules(preset)));
        } catch (error) {
          return `error: ${(error as Error).message}`;
        }
      }),
    );
  });
}

type Outcome = 'defaulted' | 'required';
type Sweep = { family: StripeEventFamily; cases: number; seen: Map<string, Outcome>; problems: string[] };

/** The field named by a malformed drop's detail ("data.object.a.b: …"); [] for the object itself. */
function namedField(detail: string): string[] | null {
  const field = detail.slice(0, detail.indexOf(': '));
  if (field === 'data.object') return [];
  return field.startsWith('data.object.') ? field.slice('data.object.'.length).split('.') : null;
}

function sweepFixture(name: string): Sweep {
  const event = loadFixture(name);
  const family = eventFamily(String(event.type))!;
  const original = transformStripeEvent(event);
  if (!original.ok) throw new Error(`${name} does not transform`);
  const originalMrr = mrrOf(original.records);
  const sweep: Sweep = { family, cases: 0, seen: new Map(), problems: [] };
  const problem = (path: string[], text: string) => sweep.problems.push(`${path.join('.')}: ${text}`);

  for (const path of keyPaths(objectOf(event))) {
    sweep.cases++;
    const result = transformStripeEvent(withoutKey(event, path));
    if (result.ok) {
      const mrr = mrrOf(result.records);
      if (isDeepStrictEqual(result.records, original.records)) {
        if (!isDeepStrictEqual(mrr, originalMrr)) problem(path, 'same records, yet a different MRR');
        continue;
      }
      const pattern = listed(DEFAULTED[family], path);
      if (!pattern) {
        problem(path, `changes the records but is not in DEFAULTED.${family}`);
      } else if (listed(DESCRIPTIVE, path) && !isDeepStrictEqual(mrr, originalMrr)) {
        problem(path, 'only names the plan, yet the MRR moved');
      } else {
        sweep.seen.set(pattern, 'defaulted');
      }
      continue;
    }
    if (result.drop !== 'malformed') {
      problem(path, `dropped as ${result.drop} (${result.detail})`);
      continue;
    }
    const pattern = listed(REQUIRED[family], path);
    const named = namedField(result.detail);
    if (!pattern) {
      problem(path, `dropped as malformed but not in REQUIRED.${family} (${result.detail})`);
    } else if (!named || !named.every((key, i) => key === path[i])) {
      problem(path, `the drop names another field (${result.detail})`);
    } else {
      sweep.seen.set(pattern, 'required');
    }
  }
  return sweep;
}

const fixtures = fixtureNames().filter((name) => transformStripeEvent(loadFixture(name)).ok);
const sweeps = new Map<string, Sweep>();
const sweepOf = (name: string): Sweep => sweeps.get(name) ?? sweeps.set(name, sweepFixture(name)).get(name)!;

describe('removing any one field of a real payload', () => {
  it('covers every fixture that transforms', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(24);
  });

  it.each(fixtures)('%s: each field is ignored, defaulted as listed, or required as listed', (name) => {
    expect(sweepOf(name).problems).toEqual([]);
  });
});

describe('the lists of read fields are exact', () => {
  const families = Object.keys(REQUIRED) as StripeEventFamily[];
  const observed = (family: StripeEventFamily, outcome: Outcome) =>
    new Set(fixtures.map(sweepOf).filter((s) => s.family === family).flatMap((s) => [...s.seen].filter(([, o]) => o === outcome).map(([p]) => p)));

  it.each(families)('%s: every REQUIRED entry is required by some fixture', (family) => {
    const hit = observed(family, 'required');
    expect(REQUIRED[family].filter((pattern) => !hit.has(pattern))).toEqual([]);
  });

  it.each(families)('%s: every DEFAULTED entry is read by some fixture', (family) => {
    const hit = observed(family, 'defaulted');
    expect(DEFAULTED[family].filter((pattern) => !hit.has(pattern))).toEqual([]);
  });

  it('runs thousands of removals', () => {
    const total = fixtures.map(sweepOf).reduce((sum, s) => sum + s.cases, 0);
    expect(total).toBeGreaterThan(2000);
  });
});
