// The demo pulse's events, built from a demo business's current state (here the generator's own
// events stand in for the database): valid Stripe events the ingest keeps, each a believable
// next version of what it changes, dated at the clock, with amounts from the price list.
import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../src/demo/generate.js';
import {
  buildPulseEvents, pickPulse, PULSE_MIX, PULSE_SPAN_SECONDS, pulseBalanceOf, pulseCatalog, type PulseAction, type PulseCandidate,
  type PulseContext, type PulseEvents, type PulsePick, type PulseSubject,
} from '../../../src/demo/pulse.js';
import type { StripeCharge, StripeCustomer, StripeEvent, StripeInvoice, StripePrice, StripeProduct, StripeSubscription } from '../../../src/demo/index.js';
import { transformStripeEvent } from '../../../src/ingest/stripe/transform.js';

const E0 = Date.UTC(2026, 2, 18, 9, 30) / 1000;
const history = demoEvents({ endAt: E0, customers: 150 });
const catalog = pulseCatalog(
  history.filter((e) => e.type === 'product.created').map((e) => e.data.object as StripeProduct),
  history.filter((e) => e.type === 'price.created').map((e) => e.data.object as StripePrice),
);
const SEED = 1234;

/** The state the job reads from the database, kept from the events: latest versions and customers. */
class State {
  subs = new Map<string, { subscription: StripeSubscription; versionAt: number }>();
  customers = new Map<string, StripeCustomer>();
  invoices = new Map<string, Set<string>>();
  constructor(events: readonly StripeEvent[]) {
    this.apply(events);
  }
  apply(events: readonly StripeEvent[]): void {
    for (const e of events) {
      const o = e.data.object as { object: string; id: string; customer?: string };
      if (o.object === 'subscription') {
        const held = this.subs.get(o.id);
        if (!held || held.versionAt <= e.created) this.subs.set(o.id, { subscription: o as unknown as StripeSubscription, versionAt: e.created });
      } else if (o.object === 'customer') {
        this.customers.set(o.id, o as unknown as StripeCustomer);
      } else if (o.object === 'invoice' && o.customer) {
        this.invoices.set(o.customer, (this.invoices.get(o.customer) ?? new Set()).add(o.id));
      }
    }
  }
  candidates(): PulseCandidate[] {
    return [...this.subs.values()]
      .map(({ subscription: s }) => ({
        subscriptionId: s.id, customerId: s.customer, status: s.status, priceId: s.items.data[0]!.price.id,
        quantity: s.items.data[0]!.quantity, cancelAtPeriodEnd: s.cancel_at_period_end,
        currentPeriodEnd: s.current_period_end, trialEnd: s.trial_end,
      }))
      .filter((c) => ['active', 'trialing', 'past_due'].includes(c.status))
      .sort((a, b) => (a.subscriptionId < b.subscriptionId ? -1 : 1));
  }
  subject(id: string | null): PulseSubject | null {
    const held = id ? this.subs.get(id) : undefined;
    if (!held) return null;
    const customer = this.customers.get(held.subscription.customer)!;
    return {
      ...held,
      customer: { id: customer.id, created: customer.created, email: customer.email, name: customer.name, country: customer.address?.country ?? null },
      invoiceCount: this.invoices.get(customer.id)?.size ?? 0,
    };
  }
}

const state = new State(history);

function act(s: State, context: PulseContext, touched?: Set<string>, balance?: ReturnType<typeof pulseBalanceOf>): { pick: PulsePick; built: PulseEvents; before: PulseSubject | null } {
  const pick = pickPulse(s.candidates(), catalog, context, touched, balance);
  const before = s.subject(pick.subscriptionId);
  const built = buildPulseEvents(pick, before, catalog, context) ?? buildPulseEvents({ kind: 'signup', action: 'signup', subscriptionId: null }, null, catalog, context)!;
  return { pick, built, before };
}

/** Ticks of a pulse running every 10 s for `ticks` ticks from `start`, applied to `s` as it goes. */
function run(s: State, start: number, ticks: number, seed = SEED, options: { balanced?: boolean } = {}) {
  const out: { pick: PulsePick; built: PulseEvents; before: PulseSubject | null; now: number }[] = [];
  const touched = new Set<string>();
  const balance = options.balanced ? pulseBalanceOf(s.candidates(), catalog) : undefined;
  for (let tick = 0; tick < ticks; tick++) {
    const now = start + tick * 10;
    const step = act(s, { seed, tick, now }, touched, balance);
    touched.add(step.built.customerId);
    s.apply(step.built.events);
    out.push({ ...step, now });
  }
  return out;
}

const steps = run(new State(history), E0 + 120, 400);
const all = steps.flatMap((s) => s.built.events);

describe('the demo pulse', () => {
  it('builds Stripe events that the ingest keeps: none dropped, none malformed', () => {
    for (const event of all) {
      const result = transformStripeEvent(JSON.parse(JSON.stringify(event)));
      if (!result.ok) expect.fail(`${event.type} ${event.id}: ${result.drop} ${result.detail}`);
    }
    expect(all.length).toBeGreaterThan(400);
  });

  it('mixes signups, upgrades, downgrades, cancellations and payments, with the odd failed payment', () => {
    const actions = new Map<PulseAction, number>();
    for (const s of steps) actions.set(s.built.action, (actions.get(s.built.action) ?? 0) + 1);
    for (const action of ['signup', 'upgrade', 'downgrade', 'cancel_at_period_end', 'cancel_now', 'renew', 'fail_renewal'] as const) {
      expect(actions.get(action) ?? 0, action).toBeGreaterThan(0);
    }
    const types = new Set(all.map((e) => e.type));
    for (const type of ['customer.created', 'customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'invoice.paid', 'charge.succeeded', 'charge.failed', 'invoice.payment_failed']) {
      expect(types, type).toContain(type);
    }
    const signups = actions.get('signup') ?? 0;
    const share = PULSE_MIX.find(([k]) => k === 'signup')![1] / PULSE_MIX.reduce((a, [, w]) => a + w, 0);
    expect(signups / steps.length).toBeGreaterThan(share * 0.6);
    expect(signups / steps.length).toBeLessThan(share * 2);
  });

  it('dates events at the clock, after the version they change; never past the end of a subscription', () => {
    for (const s of steps) {
      const first = s.built.events[0]!;
      expect(first.created).toBeGreaterThanOrEqual(s.now);
      for (const e of s.built.events) {
        expect(e.created).toBeGreaterThanOrEqual(first.created);
        expect(e.created).toBeLessThanOrEqual(s.now + PULSE_SPAN_SECONDS);
      }
      if (s.before) {
        for (const e of s.built.events.filter((x) => x.type.startsWith('customer.subscription.'))) {
          expect(e.created, `${s.built.action} ${e.id}`).toBeGreaterThan(s.before.versionAt);
          expect((e.data.object as StripeSubscription).id).toBe(s.before.subscription.id);
        }
        expect(['active', 'trialing', 'past_due']).toContain(s.before.subscription.status);
      }
    }
  });

  it('changes one thing at a time: the update carries what it was, and keeps the subscription, customer and currency', () => {
    for (const s of steps.filter((x) => x.before && ['upgrade', 'downgrade', 'cancel_at_period_end'].includes(x.built.action))) {
      const update = s.built.events.find((e) => e.type === 'customer.subscription.updated')!;
      const before = s.before!.subscription;
      const after = update.data.object as StripeSubscription;
      expect(after.customer).toBe(before.customer);
      expect(after.currency).toBe(before.currency);
      expect(after.created).toBe(before.created);
      const previous = update.data.previous_attributes as Record<string, unknown>;
      if (s.built.action === 'cancel_at_period_end') {
        expect(after).toMatchObject({ cancel_at_period_end: true, cancel_at: before.current_period_end });
        expect(previous).toMatchObject({ cancel_at_period_end: false });
      } else {
        const [was, is] = [before.items.data[0]!, after.items.data[0]!];
        expect(is.price.id !== was.price.id || is.quantity !== was.quantity).toBe(true);
        const mrr = (i: typeof was) => i.price.unit_amount * i.quantity * (i.price.recurring.interval === 'year' ? 1 / 12 : 1);
        if (s.built.action === 'upgrade') expect(mrr(is)).toBeGreaterThan(mrr(was));
        else expect(mrr(is)).toBeLessThan(mrr(was));
        expect(Object.keys(previous)).toContain('items');
        expect(catalog.prices.map((p) => p.price.id)).toContain(is.price.id);
      }
    }
  });

  it('charges what the price list says: unit amount × quantity, less the discount, on renewals and paid signups', () => {
    let checked = 0;
    for (const s of steps.filter((x) => x.built.action === 'renew' || x.built.action === 'signup')) {
      const sub = s.built.events.filter((e) => e.type.startsWith('customer.subscription.')).at(-1)!.data.object as StripeSubscription;
      if (sub.status === 'trialing') continue;
      const charge = s.built.events.find((e) => e.type === 'charge.succeeded')?.data.object as StripeCharge | undefined;
      const paid = s.built.events.find((e) => e.type === 'invoice.paid')!.data.object as StripeInvoice;
      if (!charge) continue; // a failed renewal (5% of them)
      const item = sub.items.data[0]!;
      const list = item.price.unit_amount * item.quantity;
      const discount = paid.total_discount_amounts.reduce((a, d) => a + d.amount, 0);
      expect(charge.amount, `${s.built.action} ${sub.id}`).toBe(list - discount);
      expect(paid.amount_paid).toBe(charge.amount);
      expect(charge.currency).toBe(item.price.currency);
      expect(charge.customer).toBe(sub.customer);
      expect(catalog.prices.find((p) => p.price.id === item.price.id)?.price.unit_amount).toBe(item.price.unit_amount);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('ends a cancellation that is due, and fails a payment as Stripe does (charge.failed, past_due)', () => {
    const failed = steps.find((s) => s.built.action === 'fail_renewal')!;
    const types = failed.built.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['invoice.created', 'invoice.finalized', 'charge.failed', 'invoice.payment_failed', 'customer.subscription.updated']));
    const last = failed.built.events.filter((e) => e.type === 'customer.subscription.updated').at(-1)!.data.object as StripeSubscription;
    expect(last.status).toBe('past_due');
    // Cancellations at period end are ended by a later pulse once the period is over.
    const s = new State(history);
    const cancel = run(s, E0 + 120, 80).find((x) => x.built.action === 'cancel_at_period_end')!;
    const periodEnd = (cancel.built.events[0]!.data.object as StripeSubscription).current_period_end;
    const later = run(s, periodEnd + 60, 40).filter((x) => x.built.action === 'end_canceled');
    expect(later.length).toBeGreaterThan(0);
    const ended = later[0]!.built.events.find((e) => e.type === 'customer.subscription.deleted')!.data.object as StripeSubscription;
    expect(ended).toMatchObject({ status: 'canceled', cancel_at_period_end: true });
  });

  it('is deterministic for a seed, gives unique ids within a run, and never reuses a demo id', () => {
    const again = run(new State(history), E0 + 120, 60).map((s) => s.built.events);
    expect(again).toEqual(steps.slice(0, 60).map((s) => s.built.events));
    const other = run(new State(history), E0 + 120, 60, SEED + 1).map((s) => s.built.events);
    expect(other).not.toEqual(again);
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const demoIds = new Set(history.map((e) => e.id));
    expect(ids.filter((id) => demoIds.has(id))).toEqual([]);
    const customers = all.filter((e) => e.type === 'customer.created').map((e) => (e.data.object as StripeCustomer).id);
    expect(new Set(customers).size).toBe(customers.length);
    for (const id of customers) expect(state.customers.has(id)).toBe(false);
  });

  it('holds the business steady over a day of beats: size, MRR, waiting cancellations and trials; no renewal twice a period', () => {
    const s = new State(history);
    const before = pulseBalanceOf(s.candidates(), catalog);
    const day = run(s, E0 + 120, 8640, 77, { balanced: true });
    const after = pulseBalanceOf(s.candidates(), catalog);
    expect(after.active / before.active).toBeGreaterThan(0.75);
    expect(after.active / before.active).toBeLessThan(1.25);
    expect(after.mrr / before.mrr).toBeGreaterThan(0.75);
    expect(after.mrr / before.mrr).toBeLessThan(1.25);
    const candidates = s.candidates();
    const paying = candidates.filter((c) => c.status === 'active').length;
    expect(candidates.filter((c) => c.status === 'active' && c.cancelAtPeriodEnd).length).toBeLessThanOrEqual(Math.ceil(0.1 * paying) + 1);
    expect(candidates.filter((c) => c.status === 'trialing').length).toBeLessThanOrEqual(Math.ceil(0.1 * Math.max(paying, 10)) + 1);
    const renewed = new Map<string, number>();
    for (const step of day.filter((x) => x.built.action === 'renew' || x.built.action === 'fail_renewal')) {
      const id = step.built.subscriptionId!;
      if (renewed.has(id)) expect.fail(`${id} renewed twice in a day`);
      renewed.set(id, step.now);
    }
  });

  it('signs a customer up instead when nothing fits (no subscriptions yet)', () => {
    const pick = pickPulse([], catalog, { seed: 1, tick: 0, now: E0 });
    expect(pick.action).toBe('signup');
    const built = buildPulseEvents(pick, null, catalog, { seed: 1, tick: 0, now: E0 })!;
    expect(built.events.map((e) => e.type).slice(0, 2)).toEqual(['customer.created', 'customer.updated']);
    // A subject that no longer fits the action is refused, not bent.
    const active = state.candidates().find((c) => c.status === 'active' && !c.cancelAtPeriodEnd)!;
    expect(buildPulseEvents({ kind: 'payment', action: 'recover', subscriptionId: active.subscriptionId }, state.subject(active.subscriptionId), catalog, { seed: 1, tick: 1, now: E0 })).toBeNull();
  });
});
