// The demo carried on past its first end: why a later `endAt` cannot top it up, and how
// `generateDemoContinuation` does.
import { describe, expect, it } from 'vitest';
import { demoEvents, generateDemoContinuation } from '../../../src/demo/generate.js';
import type { StripeEvent, StripeSubscription } from '../../../src/demo/index.js';

const E0 = Date.UTC(2026, 2, 18, 9, 30) / 1000;
const DAY = 86_400;
const options = { endAt: E0, customers: 150 } as const;
const base = demoEvents(options);
const continued = (days: number, skip?: ReadonlySet<string>) =>
  [...generateDemoContinuation({ ...options, until: E0 + days * DAY, ...(skip ? { skipCustomers: skip } : {}) })];
const json = (events: StripeEvent[]) => new Map(events.map((e) => [e.id, JSON.stringify(e)]));
const customerOf = (e: StripeEvent) => {
  const o = e.data.object as { object: string; id: string; customer?: string };
  return o.object === 'customer' ? o.id : (o.customer ?? null);
};

describe('topping up the demo', () => {
  it('cannot regenerate it with a later endAt: the range moves and the same ids carry other events', () => {
    const later = json(demoEvents({ ...options, endAt: E0 + 3 * DAY }));
    const changed = base.filter((e) => later.get(e.id) !== JSON.stringify(e));
    expect(changed.length / base.length).toBeGreaterThan(0.9);
  });

  it('carries it on instead: a later stretch is the earlier one plus newer events, byte for byte', () => {
    const stretches = [1, 9, 40, 120].map((days) => ({ until: E0 + days * DAY, events: continued(days) }));
    for (const [i, a] of stretches.entries()) {
      const ids = new Set(a.events.map((e) => e.id));
      expect(ids.size, 'unique ids').toBe(a.events.length);
      for (const e of a.events) {
        if (e.created <= E0 || e.created > a.until) expect.fail(`${e.id} at ${e.created} is outside (E0, until]`);
      }
      for (const b of stretches.slice(i + 1)) {
        const later = json(b.events);
        for (const e of a.events) expect(later.get(e.id), e.id).toBe(JSON.stringify(e));
        expect(b.events.filter((e) => e.created <= a.until && !ids.has(e.id))).toEqual([]);
      }
    }
    expect(stretches.at(-1)!.events.length).toBeGreaterThan(stretches[0]!.events.length);
  });

  it('never reuses an id of the first load, and continues its story consistently', () => {
    const events = continued(120);
    const first = new Set(base.map((e) => e.id));
    expect(events.filter((e) => first.has(e.id))).toEqual([]);
    // Together: every object is created before it is referenced, and no subscription changes after it was deleted.
    const all = [...base, ...events].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
    const customers = new Set<string>();
    const deleted = new Set<string>();
    const lastVersion = new Map<string, number>();
    for (const e of all) {
      const customer = customerOf(e);
      if (e.type === 'customer.created') customers.add(customer!);
      else if (customer && !customers.has(customer)) expect.fail(`${e.type} ${e.id} before customer ${customer} was created`);
      if (e.type.startsWith('customer.subscription.')) {
        const sub = e.data.object as StripeSubscription;
        if (deleted.has(sub.id)) expect.fail(`${e.type} ${e.id} after ${sub.id} was deleted`);
        if (e.type === 'customer.subscription.deleted') deleted.add(sub.id);
        expect(e.created).toBeGreaterThanOrEqual(lastVersion.get(sub.id) ?? 0);
        lastVersion.set(sub.id, e.created);
      }
    }
  });

  it('keeps the business going: renewals of the existing customers and new signups after E0', () => {
    const events = continued(60);
    const signups = events.filter((e) => e.type === 'customer.created');
    // The last month of a 150-customer, 24-month range has about 11 signups: about as many a month after.
    expect(signups.length).toBeGreaterThan(10);
    expect(signups.length).toBeLessThan(40);
    const existing = new Set(base.filter((e) => e.type === 'customer.created').map((e) => customerOf(e)));
    const renewals = events.filter((e) => e.type === 'invoice.paid' && existing.has(customerOf(e)));
    expect(renewals.length).toBeGreaterThan(50);
  });

  it('leaves out the customers it is told to, and only them', () => {
    const all = continued(30);
    const touched = new Set([customerOf(all[0]!)!, customerOf(all.find((e) => e.type === 'customer.created')!)!]);
    const rest = continued(30, touched);
    expect(rest.filter((e) => touched.has(customerOf(e)!))).toEqual([]);
    expect(rest).toEqual(all.filter((e) => !touched.has(customerOf(e)!)));
  });
});
