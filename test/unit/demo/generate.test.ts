import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  DEMO_COUPONS, DEMO_EVENT_TYPES, DEMO_PLANS, demoCatalogEvents, demoEvents, generateDemoEvents,
} from '../../../src/demo/index.js';

const endAt = Date.UTC(2025, 5, 1) / 1000;
const small = { endAt, customers: 120, months: 12 } as const;
const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('determinism', () => {
  it('gives byte-identical JSON for the same options', () => {
    expect(digest(demoEvents(small))).toBe(digest(demoEvents(small)));
  });

  it('gives different events for a different seed', () => {
    const a = demoEvents(small);
    const b = demoEvents({ ...small, seed: 7 });
    expect(digest(a)).not.toBe(digest(b));
    // Not just different ids: the customers themselves differ.
    const names = (events: typeof a) => events.filter((e) => e.type === 'customer.created')
      .map((e) => (e.data.object as { email: string }).email).join();
    expect(names(a)).not.toBe(names(b));
  });

  it('does not depend on the clock when endAt is given', () => {
    const first = digest(demoEvents({ ...small, customers: 20 }));
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 123_456_789;
      expect(digest(demoEvents({ ...small, customers: 20 }))).toBe(first);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('options', () => {
  it.each([
    [{ customers: -1 }], [{ customers: 1.5 }], [{ months: 0 }], [{ seed: 0.5 }], [{ endAt: -5 }],
    [{ currencies: [] }], [{ currencies: ['jpy'] }],
  ])('rejects %j', (bad) => {
    expect(() => demoEvents({ endAt, ...(bad as object) })).toThrow(RangeError);
  });

  it.each([
    // now, and the range's start a month before the minute it floors to
    ['2026-03-18T09:30:45.500Z', '2026-02-18T09:30:00.000Z'],
    ['2026-03-31T23:59:59.999Z', '2026-02-28T23:59:00.000Z'], // no Feb 31: clamped, not rolled into March
  ])('defaults endAt to now, floored to the minute (now %s)', (now, start) => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(now) });
    try {
      const events = demoEvents({ customers: 0, months: 1 });
      expect(events[0]!.created).toBe(Date.parse(start) / 1000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses only the currencies asked for', () => {
    const events = demoEvents({ ...small, currencies: ['eur'] });
    const seen = new Set(events.filter((e) => e.type.startsWith('invoice.')).map((e) => (e.data.object as { currency: string }).currency));
    expect([...seen]).toEqual(['eur']);
  });

  it('can leave the catalogue out of the stream', () => {
    const events = [...generateDemoEvents({ ...small, includeCatalog: false })];
    expect(events.some((e) => e.type === 'product.created')).toBe(false);
    expect(events.length).toBeGreaterThan(0);
  });
});

describe('streaming', () => {
  it('yields the first events of a million-customer data set at once', () => {
    const started = performance.now();
    const stream = generateDemoEvents({ endAt, customers: 1_000_000 });
    const first: string[] = [];
    for (const event of stream) {
      first.push(event.type);
      if (first.length === 200) break;
    }
    expect(first).toContain('customer.created');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('gives the same events streamed as sorted, only in another order', () => {
    const streamed = [...generateDemoEvents(small)].map((e) => e.id).sort();
    const sorted = demoEvents(small).map((e) => e.id).sort();
    expect(streamed).toEqual(sorted);
  });

  it('sorts demoEvents by created, then id', () => {
    const events = demoEvents(small);
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1]!, events[i]!];
      expect(a.created < b.created || (a.created === b.created && a.id < b.id)).toBe(true);
    }
  });
});

describe('catalogue', () => {
  it('has three plans, each with a monthly and a roughly 10× annual price', () => {
    expect(DEMO_PLANS.map((p) => p.key)).toEqual(['starter', 'growth', 'scale']);
    expect(DEMO_PLANS.some((p) => p.perSeat)).toBe(true);
    for (const plan of DEMO_PLANS) {
      for (const currency of ['usd', 'eur', 'gbp'] as const) {
        expect(Number(plan.prices.year[currency]) / Number(plan.prices.month[currency])).toBe(10);
      }
    }
  });

  it('emits a product per plan, a price per plan × interval × currency, and the coupons', () => {
    const events = demoCatalogEvents({ endAt });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('product.created')).toBe(3);
    expect(count('price.created')).toBe(3 * 2 * 3);
    expect(count('coupon.created')).toBe(DEMO_COUPONS.length + 2); // the amount-off coupon exists per currency
    const durations = events.filter((e) => e.type === 'coupon.created').map((e) => (e.data.object as { duration: string }).duration);
    expect(new Set(durations)).toEqual(new Set(['forever', 'repeating', 'once']));
  });

  it('starts the stream with the same catalogue events', () => {
    const catalogue = demoCatalogEvents(small);
    expect([...generateDemoEvents(small)].slice(0, catalogue.length)).toEqual(catalogue);
  });

  it('lists every event type the generator emits', () => {
    const types = new Set(demoEvents({ endAt, customers: 400 }).map((e) => e.type));
    for (const type of types) expect(DEMO_EVENT_TYPES).toContain(type);
  });
});
