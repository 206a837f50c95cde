// The live pulse's Segment batch: spec-shaped calls by the given people, each naming its account
// in context.groupId, API calls with a quantity, unique message ids, dated at the clock.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/demo/random.js';
import { pulseBatch, PULSE_EVENTS } from '../../../src/demo/signals/pulse.js';
import { DEMO_EVENTS } from '../../../src/demo/signals/usage.js';

const people = [
  { userId: 'cus_a_u1', accountId: 'cus_a' },
  { userId: 'org_b_u2', accountId: 'org_b' },
];
const at = new Date('2026-03-01T10:00:00Z');

describe('pulseBatch', () => {
  it('builds calls by the given people, naming their account, with unique ids', () => {
    const { batch, sentAt } = pulseBatch(people, createRng(1), at, 200, 'p-1');
    expect(batch).toHaveLength(200);
    expect(sentAt).toBe(at.toISOString());
    expect(new Set(batch.map((c) => c.messageId)).size).toBe(200);
    for (const call of batch) {
      const person = people.find((p) => p.userId === call.userId);
      expect(person).toBeDefined();
      expect(call.context.groupId).toBe(person!.accountId);
      expect(call.timestamp).toBe(at.toISOString());
      if (call.type === 'track') {
        expect(PULSE_EVENTS.map(([e]) => e)).toContain(call.event);
        if (call.event === DEMO_EVENTS.api) expect(call.properties.quantity).toBeGreaterThan(0);
      } else {
        expect(call.type).toBe('page');
        expect(call.name.length).toBeGreaterThan(0);
      }
    }
    expect(batch.some((c) => c.type === 'page')).toBe(true);
    expect(batch.some((c) => c.type === 'track' && c.event === DEMO_EVENTS.api)).toBe(true);
  });

  it('is the same for the same stream, and empty without people', () => {
    expect(pulseBatch(people, createRng(9), at, 5, 'x')).toEqual(pulseBatch(people, createRng(9), at, 5, 'x'));
    expect(pulseBatch([], createRng(9), at, 5, 'x').batch).toEqual([]);
  });
});
