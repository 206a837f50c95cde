// The demo pulse's events: one small, believable thing happening to the demo business now — a
// new signup, an upgrade or downgrade, a cancellation (at period end, or ending one that is due),
// a payment (a renewal, a trial converting, a past-due invoice recovered) or, now and then, a
// failed payment — as the Stripe events its account would send. Pure: given the seed, the tick
// number, the clock and the current state (the demo's subscriptions as the database holds them)
// it always builds the same events. src/jobs/demo-pulse.ts reads the state, posts the events to
// the Demo workspace's webhook and keeps time.
//
// It reuses the generator's machinery (signup.ts, changes.ts, invoicing.ts, payments.ts) on a
// simulation state rebuilt from the stored Stripe objects: the subscription's next version is
// its stored version with one thing changed, dated after it. Ids are `prefix_` + 15 base62
// characters (a run tag from the seed, the tick, a counter): one longer than the generator's, so
// they never meet its ids, and unique within a run.
import type { UnixSeconds } from '../core/types.js';
import { HOUR } from './calendar.js';
import { DEMO_PLANS } from './catalog.js';
import type { CatalogPrice, DemoCatalog, DemoPlanKey } from './catalog.js';
import { cancelAtPeriodEnd, decrease, endSubscription, increase } from './changes.js';
import { createEventLog } from './event-log.js';
import { base62 } from './ids.js';
import type { IdFactory, IdPrefix } from './ids.js';
import { applyDiscount, emitCreated, newInvoice, periodLine } from './invoicing.js';
import type { InvoiceState } from './invoicing.js';
import { collect, makeCard, paySucceeded } from './payments.js';
import { makeProfile } from './people.js';
import type { CustomerProfile, DemoCurrency } from './people.js';
import { createRng, mixSeed } from './random.js';
import type { Rng } from './random.js';
import { seats, signUp, startSubscription } from './signup.js';
import { requireSub, setCycle, updateSubscription } from './state.js';
import type { CustomerState, Sim, SubState } from './state.js';
import type {
  StripeEvent, StripePlan, StripePrice, StripeProduct, StripeSubscription, StripeSubscriptionStatus,
} from './stripe-types.js';

export type PulseKind = 'signup' | 'upgrade' | 'downgrade' | 'cancel' | 'payment' | 'failed_payment';

/**
 * How often each kind comes up (relative weights), before pickPulse leans them to hold the
 * business steady and redraws a kind that has nothing to act on.
 */
export const PULSE_MIX: readonly (readonly [PulseKind, number])[] = [
  ['signup', 18], ['upgrade', 12], ['downgrade', 12], ['cancel', 18], ['payment', 32], ['failed_payment', 8],
];

/** What exactly happens, and to which subscription (null for a signup). */
export type PulseAction =
  | 'signup' | 'upgrade' | 'downgrade' | 'cancel_at_period_end' | 'cancel_now' | 'end_canceled'
  | 'renew' | 'convert_trial' | 'end_trial' | 'recover' | 'fail_renewal';
export type PulsePick = {
  kind: PulseKind;
  action: PulseAction;
  subscriptionId: string | null;
  /** For a signup: whether it may start with a trial (default true). */
  trial?: boolean;
};

/** One demo subscription as its latest snapshot has it: enough to choose what happens to it. */
export type PulseCandidate = {
  subscriptionId: string;
  customerId: string;
  status: string;
  priceId: string | null;
  quantity: number;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: UnixSeconds | null;
  trialEnd: UnixSeconds | null;
};

/** The chosen subscription in full: its stored Stripe object and its customer. */
export type PulseSubject = {
  subscription: StripeSubscription;
  /** `created` of the event that carried that version. */
  versionAt: UnixSeconds;
  customer: { id: string; created: UnixSeconds; email: string | null; name: string | null; country: string | null };
  /** How many invoices the customer has (numbers the next one). */
  invoiceCount: number;
};

export type PulseContext = {
  /** Fixed for a run: the same seed gives the same ids and choices. */
  seed: number;
  /** The pulse's count within the run. */
  tick: number;
  /** The server's clock. */
  now: UnixSeconds;
};

export type PulseEvents = { action: PulseAction; customerId: string; subscriptionId: string | null; events: StripeEvent[] };

/** Events of one action fall within this many seconds of its start (a charge takes seconds);
 *  anything the machinery schedules later (dunning retries days on) is left out. */
export const PULSE_SPAN_SECONDS = 60;
const TRIAL_SHARE = 0.4;
const CURRENCY_WEIGHTS: Record<DemoCurrency, number> = { usd: 60, eur: 30, gbp: 10 };
/** A subject the pulse touched before (or created) is chosen this often when one fits. */
const PREFER_TOUCHED = 0.7;

/** The pulse's ids: prefix + run tag (6) + tick (6) + counter (3), all base62. */
export function pulseIdFactory(seed: number, tick: number): IdFactory {
  const head = base62(seed >>> 0, 6) + base62(tick, 6);
  const counters = new Map<IdPrefix, number>();
  let events = 0;
  return {
    next(prefix) {
      const n = counters.get(prefix) ?? 0;
      counters.set(prefix, n + 1);
      return `${prefix}_${head}${base62(n, 3)}`;
    },
    event() {
      events += 1;
      return `evt_${head}${base62(events, 3)}`;
    },
    eventAt(position) {
      return `evt_${head}${base62(position, 3)}`;
    },
  };
}

function legacyPlanOf(price: StripePrice): StripePlan {
  return {
    id: price.id, object: 'plan', active: price.active, aggregate_usage: null, amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal, billing_scheme: 'per_unit', created: price.created,
    currency: price.currency, interval: price.recurring.interval, interval_count: price.recurring.interval_count,
    livemode: false, metadata: {}, meter: null, nickname: price.nickname, product: price.product,
    tiers_mode: null, transform_usage: null, trial_period_days: null, usage_type: 'licensed',
  };
}

/** The demo's catalogue as the stored product.created and price.created events have it. */
export function pulseCatalog(products: readonly StripeProduct[], prices: readonly StripePrice[]): DemoCatalog {
  const planOf = new Map(products.map((p) => [p.id, DEMO_PLANS.find((plan) => plan.key === p.metadata.plan)]));
  const entries: CatalogPrice[] = [];
  const byKey = new Map<string, CatalogPrice>();
  for (const price of prices) {
    const plan = planOf.get(price.product);
    const currency = price.currency as DemoCurrency;
    if (!plan || !(currency in CURRENCY_WEIGHTS) || price.recurring?.interval_count !== 1) continue;
    const entry: CatalogPrice = { plan, interval: price.recurring.interval, currency, price, legacyPlan: legacyPlanOf(price) };
    entries.push(entry);
    byKey.set(`${plan.key}/${entry.interval}/${currency}`, entry);
  }
  return {
    createdAt: Math.min(...products.map((p) => p.created)),
    products: [...products],
    prices: entries,
    coupons: [],
    price(plan, interval, currency) {
      const entry = byKey.get(`${plan}/${interval}/${currency}`);
      if (!entry) throw new RangeError(`no demo price for ${plan}/${interval}/${currency}`);
      return entry;
    },
    coupon(key) {
      throw new RangeError(`the pulse gives no coupons (${key})`);
    },
  };
}

function entryOf(catalog: DemoCatalog, priceId: string | null): CatalogPrice | undefined {
  return priceId === null ? undefined : catalog.prices.find((p) => p.price.id === priceId);
}

/** Whether the catalogue has every price a change between plans may need in this currency. */
function fullRange(catalog: DemoCatalog, entry: CatalogPrice): boolean {
  return DEMO_PLANS.every((plan) => catalog.prices.some((p) => p.plan.key === plan.key && p.interval === entry.interval && p.currency === entry.currency));
}

function pickOne<T>(rng: Rng, items: readonly T[], touched: (item: T) => boolean): T | null {
  if (items.length === 0) return null;
  const preferred = items.filter(touched);
  const from = preferred.length > 0 && rng.chance(PREFER_TOUCHED) ? preferred : items;
  return rng.pick(from);
}

/** The one due soonest (ties: the first in the list), or null. */
function earliest(items: readonly PulseCandidate[]): PulseCandidate | null {
  let best: PulseCandidate | null = null;
  for (const c of items) if (best === null || (c.currentPeriodEnd ?? 0) < (best.currentPeriodEnd ?? 0)) best = c;
  return best;
}

/**
 * The size the pulse holds the business at: paying subscriptions not on their way out, and
 * their MRR (in minor units, currencies added as they are: a ratio is all it is used for).
 */
export type PulseBalance = { active: number; mrr: number };

export function pulseBalanceOf(candidates: readonly PulseCandidate[], catalog: DemoCatalog): PulseBalance {
  let active = 0;
  let mrr = 0;
  for (const c of candidates) {
    if (c.status !== 'active' || c.cancelAtPeriodEnd) continue;
    const entry = entryOf(catalog, c.priceId);
    if (!entry) continue;
    active += 1;
    mrr += (entry.price.unit_amount * c.quantity) / (entry.interval === 'year' ? 12 : 1);
  }
  return { active, mrr };
}

/** How far to lean a weight when the business has drifted by `ratio` (1: not at all). */
const lean = (ratio: number) => Math.min(4, Math.max(0.25, ratio * ratio));

/** A renewal may come this early (the invoice of a period about to end). */
const EARLY_RENEWAL_SECONDS = 3 * 86_400;
/** Above these shares of the paying subscriptions, no more scheduled cancellations or trials. */
const MAX_CANCELLING_SHARE = 0.1;
const MAX_TRIALING_SHARE = 0.1;

/**
 * Chooses what happens on this tick and to which subscription. `candidates` are the latest
 * snapshots of the demo's subscriptions; `touched` the customers the pulse acted on before (its
 * own signups too): they are preferred, so that the generator keeps telling the others' story.
 * A kind with nothing to act on is drawn again without it (a signup always can be).
 *
 * The pulse acts every few seconds, far faster than a business of this size changes, so it
 * holds the business steady around `balance` (its size when the run began): signups and
 * cancellations lean towards the paying count, upgrades and downgrades towards the MRR; it
 * renews only what is due (or due within three days), and keeps scheduled cancellations and
 * open trials to a tenth of the paying subscriptions, since those wait weeks to resolve.
 */
export function pickPulse(
  candidates: readonly PulseCandidate[],
  catalog: DemoCatalog,
  context: PulseContext,
  touched: ReadonlySet<string> = new Set(),
  balance?: PulseBalance,
): PulsePick {
  const rng = createRng(mixSeed(context.seed, context.tick, 0x9175e));
  const { now } = context;
  const isTouched = (c: PulseCandidate) => touched.has(c.customerId);
  const known = candidates.filter((c) => {
    const entry = entryOf(catalog, c.priceId);
    return entry !== undefined && fullRange(catalog, entry);
  });
  const paying = known.filter((c) => c.status === 'active');
  const active = paying.filter((c) => !c.cancelAtPeriodEnd);
  const planOf = (c: PulseCandidate) => entryOf(catalog, c.priceId)?.plan.key;
  // Changes mid-period need the period to run on a while (the proration is of what is left).
  const midPeriod = active.filter((c) => c.currentPeriodEnd !== null && c.currentPeriodEnd > now + HOUR);
  const renewable = active.filter((c) => c.currentPeriodEnd !== null && c.currentPeriodEnd <= now + EARLY_RENEWAL_SECONDS);
  const prefer = (items: PulseCandidate[]) => {
    const mine = items.filter(isTouched);
    return mine.length > 0 && rng.chance(PREFER_TOUCHED) ? mine : items;
  };
  const current = pulseBalanceOf(known, catalog);
  const target = balance ?? current;
  const size = target.active > 0 ? current.active / target.active : 1;
  const value = target.mrr > 0 ? current.mrr / target.mrr : 1;

  const attempt = (kind: PulseKind): PulsePick | null => {
    const to = (action: PulseAction, c: PulseCandidate | null): PulsePick | null => (c ? { kind, action, subscriptionId: c.subscriptionId } : null);
    switch (kind) {
      case 'signup':
        return { kind, action: 'signup', subscriptionId: null, trial: trialsWelcome(known) };
      case 'upgrade':
        return to('upgrade', pickOne(rng, midPeriod.filter((c) => planOf(c) !== 'scale'), isTouched));
      case 'downgrade':
        return to('downgrade', pickOne(rng, midPeriod.filter((c) => planOf(c) !== 'starter'), isTouched));
      case 'cancel': {
        const due = paying.filter((c) => c.cancelAtPeriodEnd && c.currentPeriodEnd !== null && c.currentPeriodEnd <= now);
        if (due.length > 0) return to('end_canceled', earliest(due));
        const cancelling = paying.length - active.length;
        const later = cancelling < MAX_CANCELLING_SHARE * Math.max(paying.length, 1) && rng.chance(0.5);
        return to(later ? 'cancel_at_period_end' : 'cancel_now', pickOne(rng, midPeriod, isTouched));
      }
      case 'payment': {
        const pastDue = known.filter((c) => c.status === 'past_due' && !c.cancelAtPeriodEnd);
        if (pastDue.length > 0 && rng.chance(0.5)) return to('recover', pickOne(rng, pastDue, isTouched));
        const trials = known.filter((c) => c.status === 'trialing' && !c.cancelAtPeriodEnd && c.trialEnd !== null && c.trialEnd <= now);
        if (trials.length > 0) return to(rng.chance(0.6) ? 'convert_trial' : 'end_trial', pickOne(rng, trials, isTouched));
        return to('renew', earliest(prefer(renewable)));
      }
      case 'failed_payment':
        return to('fail_renewal', earliest(prefer(renewable)));
    }
  };

  const weights = new Map<PulseKind, number>(PULSE_MIX.map(([kind, weight]) => [kind, weight]));
  weights.set('signup', weights.get('signup')! * lean(1 / Math.max(size, 0.01)));
  weights.set('cancel', weights.get('cancel')! * lean(size));
  weights.set('upgrade', weights.get('upgrade')! * lean(1 / Math.max(value, 0.01)));
  weights.set('downgrade', weights.get('downgrade')! * lean(value));
  while (weights.size > 0) {
    const kind = rng.weighted([...weights]);
    const pick = attempt(kind);
    if (pick) return pick;
    weights.delete(kind);
  }
  return { kind: 'signup', action: 'signup', subscriptionId: null, trial: trialsWelcome(known) };
}

/** Whether new signups may start with a trial: not while open trials are a tenth of the paying. */
export function trialsWelcome(candidates: readonly PulseCandidate[]): boolean {
  const trialing = candidates.filter((c) => c.status === 'trialing').length;
  const paying = candidates.filter((c) => c.status === 'active').length;
  return trialing < MAX_TRIALING_SHARE * Math.max(paying, 10);
}

/** The subscription's stored Stripe object as the generator's simulation state. */
function subState(sub: StripeSubscription, entry: CatalogPrice): SubState {
  const item = sub.items.data[0]!;
  return {
    id: sub.id, created: sub.created, itemId: item.id, itemCreated: item.created, entry,
    quantity: item.quantity, status: sub.status, anchor: sub.billing_cycle_anchor, cycle: 0,
    periodStart: sub.current_period_start, periodEnd: sub.current_period_end,
    trialStart: sub.trial_start, trialEnd: sub.trial_end, cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: sub.cancel_at, canceledAt: sub.canceled_at, endedAt: sub.ended_at,
    cancellation: { ...sub.cancellation_details },
    discount: sub.discount, latestInvoice: sub.latest_invoice, lastLine: null,
    missingPaymentMethod: sub.trial_settings?.end_behavior?.missing_payment_method ?? 'create_invoice',
  };
}

/** An 8-character invoice prefix from the customer id (Stripe's look). */
function invoicePrefixOf(customerId: string): string {
  let h = 0;
  for (let i = 0; i < customerId.length; i++) h = mixSeed(h, customerId.charCodeAt(i));
  return (h >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

function profileOf(customer: PulseSubject['customer']): CustomerProfile {
  const country = customer.country ?? 'US';
  return {
    name: customer.name ?? customer.id,
    email: customer.email ?? `billing@${customer.id.toLowerCase()}.example`,
    phone: null,
    address: { city: null, country, line1: null, line2: null, postal_code: null, state: null },
    country,
    preferredLocale: 'en-US',
  };
}

function newSim(rng: Rng, ids: IdFactory, catalog: DemoCatalog, at: UnixSeconds, customer: CustomerState): Sim {
  const endAt = at + PULSE_SPAN_SECONDS;
  return { rng, ids, catalog, endAt, log: createEventLog(ids, endAt), customer, sub: null, pending: [] };
}

/** The next renewal, now: a new period from now, its invoice, and the charge (failing if told). */
function renewNow(sim: Sim, at: UnixSeconds, fail: boolean): void {
  const sub = requireSub(sim);
  const inv = newInvoice(sim, sub, at, 'subscription_cycle', { start: sub.periodStart, end: sub.periodEnd });
  updateSubscription(sim, at, (s) => {
    s.anchor = at;
    setCycle(s, 0);
    if (s.status === 'trialing') s.status = 'active';
    s.latestInvoice = inv.id;
  });
  inv.lines.push(periodLine(sim, inv.id, sub));
  applyDiscount(inv.lines, inv.discount);
  emitCreated(sim, inv);
  collect(sim, inv, at, fail ? 1 : 0);
}

/** A past-due subscription's open invoice is paid at last: the subscription is active again. */
function recover(sim: Sim, at: UnixSeconds): void {
  const sub = requireSub(sim);
  const card = sim.customer.card;
  if (!card) return;
  const inv: InvoiceState = {
    id: sub.latestInvoice ?? sim.ids.next('in'), subscriptionId: sub.id, created: sub.periodStart,
    billingReason: 'subscription_cycle', periodStart: sub.periodStart, periodEnd: sub.periodStart, lines: [],
    discount: sub.discount, number: `${sim.customer.invoicePrefix}-${String(Math.max(1, sim.customer.nextInvoiceSequence - 1)).padStart(4, '0')}`,
    status: 'open', attemptCount: 1, chargeId: null, paymentIntent: sim.ids.next('pi'), finalizedAt: sub.periodStart,
    paidAt: null, nextPaymentAttempt: null,
  };
  inv.lines.push(periodLine(sim, inv.id, sub));
  applyDiscount(inv.lines, inv.discount);
  paySucceeded(sim, inv, card, at);
  updateSubscription(sim, at + 2, (s) => {
    s.status = 'active';
  });
}

function upgradeTarget(sim: Sim, sub: SubState): { plan: DemoPlanKey; quantity: number } | null {
  switch (sub.entry.plan.key) {
    case 'starter':
      return { plan: 'growth', quantity: seats(sim) };
    case 'growth':
      return sub.quantity >= 6 && sim.rng.chance(0.4)
        ? { plan: 'scale', quantity: 1 }
        : { plan: 'growth', quantity: sub.quantity + sim.rng.weighted([[1, 50], [2, 25], [3, 12], [5, 8], [10, 5]] as const) };
    case 'scale':
      return null;
  }
}

function downgradeTarget(sim: Sim, sub: SubState): { plan: DemoPlanKey; quantity: number } | null {
  switch (sub.entry.plan.key) {
    case 'scale':
      return { plan: 'growth', quantity: sim.rng.int(5, 12) };
    case 'growth':
      return sub.quantity > 3 ? { plan: 'growth', quantity: Math.max(3, sub.quantity - sim.rng.int(1, 3)) } : { plan: 'starter', quantity: 1 };
    case 'starter':
      return null;
  }
}

/** What each action needs the subscription to be, checked again on its full stored version. */
const NEEDS: Record<Exclude<PulseAction, 'signup'>, (s: StripeSubscription, now: UnixSeconds) => boolean> = {
  upgrade: (s, now) => s.status === 'active' && !s.cancel_at_period_end && s.current_period_end > now + HOUR,
  downgrade: (s, now) => s.status === 'active' && !s.cancel_at_period_end && s.current_period_end > now + HOUR,
  cancel_at_period_end: (s) => s.status === 'active' && !s.cancel_at_period_end,
  cancel_now: (s) => s.status === 'active' && !s.cancel_at_period_end,
  end_canceled: (s) => s.status === 'active' && s.cancel_at_period_end,
  renew: (s) => s.status === 'active' && !s.cancel_at_period_end,
  fail_renewal: (s) => s.status === 'active' && !s.cancel_at_period_end,
  convert_trial: (s) => s.status === 'trialing',
  end_trial: (s) => s.status === 'trialing',
  recover: (s) => s.status === 'past_due',
};

function isDemoShaped(sub: StripeSubscription): boolean {
  const item = sub.items?.data?.[0];
  return sub.object === 'subscription' && sub.items.data.length === 1 && item !== undefined && typeof item.price?.id === 'string'
    && Number.isInteger(sub.current_period_start) && Number.isInteger(sub.current_period_end) && Number.isInteger(item.quantity);
}

/** A new customer signs up: a trial (40%, when trials are welcome) or a paid subscription at once. */
function buildSignup(catalog: DemoCatalog, context: PulseContext, rng: Rng, ids: IdFactory, trials: boolean): PulseEvents {
  const at = context.now;
  const currencies = [...new Set(catalog.prices.map((p) => p.currency))].filter((c) => fullRange(catalog, catalog.prices.find((p) => p.currency === c)!));
  const currency = rng.weighted(currencies.map((c) => [c, CURRENCY_WEIGHTS[c]] as const));
  const ordinal = 10_000 + (mixSeed(context.seed, context.tick) % 1_000_000);
  const customer: CustomerState = {
    id: ids.next('cus'), created: at, profile: makeProfile(rng, ordinal, currency), currency, currencySet: false,
    invoicePrefix: '', nextInvoiceSequence: 1, card: null, metadata: { source: 'demo-pulse' },
  };
  customer.invoicePrefix = invoicePrefixOf(customer.id);
  const sim = newSim(rng, ids, catalog, at, customer);
  signUp(sim, at);
  const trial = rng.chance(TRIAL_SHARE) && trials;
  startSubscription(sim, at, { trial, withCard: true, coupon: null, fate: trial ? 'convert' : null });
  return { action: 'signup', customerId: customer.id, subscriptionId: sim.sub?.id ?? null, events: sim.log.drain() };
}

/**
 * The events of `pick` at the clock (never before or at the version they follow: one second
 * after it at the earliest). Null when the subject does not fit the action any more (or is not
 * one of the demo's subscriptions); the caller then signs a new customer up instead.
 */
export function buildPulseEvents(
  pick: PulsePick,
  subject: PulseSubject | null,
  catalog: DemoCatalog,
  context: PulseContext,
): PulseEvents | null {
  const rng = createRng(mixSeed(context.seed, context.tick, 0xb1d));
  const ids = pulseIdFactory(context.seed, context.tick);
  if (pick.action === 'signup') return buildSignup(catalog, context, rng, ids, pick.trial !== false);
  if (!subject || subject.subscription.id !== pick.subscriptionId || !isDemoShaped(subject.subscription)) return null;
  const stored = subject.subscription;
  const entry = entryOf(catalog, stored.items.data[0]!.price.id);
  if (!entry || !fullRange(catalog, entry) || !NEEDS[pick.action](stored, context.now)) return null;
  const at = Math.max(context.now, subject.versionAt + 1);
  const customer: CustomerState = {
    id: subject.customer.id, created: subject.customer.created, profile: profileOf(subject.customer),
    currency: entry.currency, currencySet: true, invoicePrefix: invoicePrefixOf(subject.customer.id),
    nextInvoiceSequence: subject.invoiceCount + 1, card: null, metadata: {},
  };
  const sim = newSim(rng, ids, catalog, at, customer);
  customer.card = makeCard(sim, at);
  sim.sub = subState(stored, entry);
  const sub = sim.sub;
  switch (pick.action) {
    case 'upgrade': {
      const to = upgradeTarget(sim, sub);
      if (!to) return null;
      increase(sim, at, to.plan, to.quantity);
      break;
    }
    case 'downgrade': {
      const to = downgradeTarget(sim, sub);
      if (!to) return null;
      decrease(sim, at, to.plan, to.quantity);
      break;
    }
    case 'cancel_at_period_end':
      cancelAtPeriodEnd(sim, at);
      break;
    case 'cancel_now':
    case 'end_canceled':
      endSubscription(sim, at, 'cancellation_requested');
      break;
    case 'end_trial':
      endSubscription(sim, at, null);
      break;
    case 'renew':
    case 'convert_trial':
      renewNow(sim, at, false);
      break;
    case 'fail_renewal':
      renewNow(sim, at, true);
      break;
    case 'recover':
      recover(sim, at);
      break;
  }
  const events = sim.log.drain();
  return events.length === 0 ? null : { action: pick.action, customerId: customer.id, subscriptionId: stored.id, events };
}

/** The statuses a candidate may have (those a subscription can be in). */
export type PulseStatus = StripeSubscriptionStatus;
