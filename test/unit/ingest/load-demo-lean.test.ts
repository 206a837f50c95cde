// The lean demo payloads (load-demo-lean.ts) against the generator's full ones: every event gives
// the same transform result, the stored JSON is a fraction, and what the demo pulse reads back
// from a stored subscription is still there.
import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../src/demo/generate.js';
import { leanDemoEvent } from '../../../src/ingest/load-demo-lean.js';
import { transformStripeEvent } from '../../../src/ingest/stripe/transform.js';

const END_AT = Date.parse('2026-06-01T00:00:00Z') / 1000;
const events = demoEvents({ customers: 120, endAt: END_AT, seed: 7 });

describe('lean demo payloads', () => {
  it('transform to exactly the records of the full payloads, event by event', () => {
    const types = new Set<string>();
    for (const event of events) {
      const lean = leanDemoEvent(event);
      types.add(event.type);
      expect(transformStripeEvent(lean), `${event.id} ${event.type}`).toEqual(transformStripeEvent(event));
    }
    // Every family the demo emits was compared, proration and discounts included.
    expect(types.size).toBeGreaterThanOrEqual(15);
  });

  it('are under 40% of the full JSON, and leave customers and the catalogue whole', () => {
    const full = events.reduce((n, e) => n + JSON.stringify(e).length, 0);
    const lean = events.reduce((n, e) => n + JSON.stringify(leanDemoEvent(e)).length, 0);
    expect(lean / full).toBeLessThan(0.4);
    const whole = ['customer.created', 'customer.updated', 'customer.discount.created', 'product.created', 'price.created', 'coupon.created'];
    const kept = events.filter((e) => whole.includes(e.type));
    expect(new Set(kept.map((e) => e.type)).size).toBe(whole.length);
    for (const e of kept) expect(leanDemoEvent(e)).toBe(e);
  });

  it('keep what the demo pulse reads from a stored subscription', () => {
    const event = events.find((e) => e.type === 'customer.subscription.updated' && e.data.object.discount !== null)!;
    const sub = event.data.object as Extract<(typeof events)[number], { type: 'customer.subscription.updated' }>['data']['object'];
    const lean = leanDemoEvent(event).data.object as Record<string, unknown> & { items: { data: Record<string, unknown>[] } };
    for (const key of ['id', 'created', 'customer', 'status', 'billing_cycle_anchor', 'current_period_start', 'current_period_end', 'trial_start', 'trial_end', 'cancel_at_period_end', 'cancel_at', 'canceled_at', 'ended_at', 'cancellation_details', 'discount', 'latest_invoice', 'trial_settings'] as const) {
      expect(lean[key], key).toEqual(sub[key]);
    }
    const item = sub.items.data[0]!;
    expect(lean.items.data[0]).toMatchObject({ id: item.id, created: item.created, quantity: item.quantity, price: { id: item.price.id } });
  });
});
