// The demo's live product usage: a Segment `batch` of a few calls by people of active demo
// accounts, as their app would send them — page views, dashboards, reports, API calls (with a
// quantity), the odd export or invitation — each naming its account in context.groupId. Pure:
// the job (src/jobs/demo-signal-pulse.ts) picks the people and posts it to /v1/batch.
import type { Rng } from '../random.js';
import { DEMO_EVENTS } from './usage.js';

export type PulsePerson = { userId: string; accountId: string };

export type SegmentCall =
  | { type: 'track'; messageId: string; userId: string; event: string; properties: Record<string, unknown>; timestamp: string; context: Record<string, unknown> }
  | { type: 'page'; messageId: string; userId: string; name: string; properties: Record<string, unknown>; timestamp: string; context: Record<string, unknown> };

export type SegmentBatch = { batch: SegmentCall[]; sentAt: string };

const PAGES = ['Overview', 'Customers', 'Reports', 'Settings', 'Cohorts'] as const;

/** What a person does in one beat, by relative weight. */
export const PULSE_EVENTS: readonly (readonly [string, number])[] = [
  [DEMO_EVENTS.page, 35],
  [DEMO_EVENTS.dashboard, 30],
  [DEMO_EVENTS.api, 15],
  [DEMO_EVENTS.report, 12],
  [DEMO_EVENTS.export, 6],
  [DEMO_EVENTS.invite, 2],
];

export const PULSE_LIBRARY = { name: 'revpulse-demo-pulse', version: '1' } as const;

/** A batch of `size` calls by people drawn from `people`, at `at`; ids from `idPrefix`. */
export function pulseBatch(people: readonly PulsePerson[], rng: Rng, at: Date, size: number, idPrefix: string): SegmentBatch {
  const timestamp = at.toISOString();
  const batch: SegmentCall[] = [];
  if (people.length === 0) return { batch, sentAt: timestamp };
  for (let i = 0; i < size; i++) {
    const person = rng.pick(people);
    const event = rng.weighted(PULSE_EVENTS);
    const common = { messageId: `${idPrefix}-${i}`, userId: person.userId, timestamp, context: { groupId: person.accountId, library: PULSE_LIBRARY } };
    if (event === DEMO_EVENTS.page) {
      const name = rng.pick(PAGES);
      batch.push({ type: 'page', ...common, name, properties: { path: `/${name.toLowerCase()}` } });
    } else {
      const properties = event === DEMO_EVENTS.api ? { quantity: rng.int(20, 400) } : {};
      batch.push({ type: 'track', ...common, event, properties });
    }
  }
  return { batch, sentAt: timestamp };
}
