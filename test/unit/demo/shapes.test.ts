// Every emitted object has the shape Stripe documents for API version 2024-06-20.
import { describe, expect, it } from 'vitest';
import { DEMO_EVENT_TYPES, demoEvents } from '../../../src/demo/index.js';
import { envelope, OBJECT_SCHEMA } from './stripe-schemas.js';

const endAt = Date.UTC(2025, 5, 1) / 1000;
const events = demoEvents({ endAt, customers: 300 });

function problems(type: string): string[] {
  const schema = OBJECT_SCHEMA[type];
  if (!schema) return [`no schema for ${type}`];
  const out: string[] = [];
  for (const event of events.filter((e) => e.type === type)) {
    const result = schema.safeParse(event.data.object);
    if (!result.success) out.push(`${event.id}: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (out.length >= 3) break;
  }
  return out;
}

describe('Stripe object shapes', () => {
  it('wraps every object in a 2024-06-20 event envelope with a known type', () => {
    for (const event of events) {
      expect(envelope.safeParse(event).success).toBe(true);
      expect(DEMO_EVENT_TYPES).toContain(event.type);
    }
  });

  // Seed 42 with 300 customers happens to include disputes, so every type is covered.
  it.each(Object.keys(OBJECT_SCHEMA))('%s carries a valid object', (type) => {
    expect(events.some((e) => e.type === type)).toBe(true);
    expect(problems(type)).toEqual([]);
  });

  it('gives previous_attributes only on *.updated events', () => {
    for (const event of events) {
      expect(event.data.previous_attributes !== undefined).toBe(event.type.endsWith('.updated'));
    }
  });

  it('uses each object id once (catalogue objects are shared by reference, not re-created)', () => {
    const created = new Map<string, string>();
    const firstTypes = ['customer.created', 'customer.subscription.created', 'invoice.created', 'charge.succeeded', 'charge.failed', 'customer.discount.created', 'charge.dispute.created'];
    for (const event of events.filter((e) => firstTypes.includes(e.type))) {
      const id = (event.data.object as { id: string }).id;
      expect(created.get(id)).toBeUndefined();
      created.set(id, event.type);
    }
    const lineIds = events.filter((e) => e.type === 'invoice.created')
      .flatMap((e) => (e.data.object as { lines: { data: { id: string }[] } }).lines.data.map((l) => l.id));
    expect(new Set(lineIds).size).toBe(lineIds.length);
  });
});
