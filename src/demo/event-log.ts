// Collects the events of one simulated customer: wraps objects in Stripe event envelopes, drops
// anything after the end of the simulated range, and hands them back in delivery order.
import type { UnixSeconds } from '../core/types.js';
import type { IdFactory } from './ids.js';
import { DEMO_API_VERSION } from './stripe-types.js';
import type { StripeEvent, StripeEventObject, StripeEventType } from './stripe-types.js';

export type EmitOptions = {
  /** `data.previous_attributes` (for *.updated events). */
  previous?: Record<string, unknown>;
  /** True when a person's API or Dashboard request caused the event (gives `request.id`). */
  byRequest?: boolean;
};

export type EventLog = {
  emit<T extends StripeEventType>(
    type: T,
    object: StripeEventObject<T>,
    created: UnixSeconds,
    options?: EmitOptions,
  ): void;
  /** The collected events sorted by `created`, then emission order; empties the log. */
  drain(): StripeEvent[];
};

export type EventLogOptions = {
  /**
   * Keep only events after this moment too, and give events ids that do not depend on where the
   * range ends (IdFactory.eventAt of their position among all the events emitted): the demo
   * carried on past its first end, whose later stretches must extend the earlier ones exactly.
   */
  after?: UnixSeconds;
};

export function createEventLog(ids: IdFactory, endAt: UnixSeconds, options: EventLogOptions = {}): EventLog {
  let events: StripeEvent[] = [];
  const after = options.after;
  let position = 0;
  return {
    emit(type, object, created, emitOptions = {}) {
      let id: string;
      let request: string | null;
      if (after === undefined) {
        if (created > endAt) return;
        id = ids.event();
        request = emitOptions.byRequest ? ids.next('req') : null;
      } else {
        // Count every event, kept or not, so that ids stay put when the range grows.
        position += 1;
        request = emitOptions.byRequest ? ids.next('req') : null;
        if (created > endAt || created <= after) return;
        id = ids.eventAt(position);
      }
      const data = emitOptions.previous ? { object, previous_attributes: emitOptions.previous } : { object };
      // The envelope's `type` and `data.object` belong together by the signature of `emit`.
      events.push({
        id,
        object: 'event',
        api_version: DEMO_API_VERSION,
        created,
        data,
        livemode: false,
        pending_webhooks: 0,
        request: { id: request, idempotency_key: null },
        type,
      } as StripeEvent);
    },
    drain() {
      const out = events;
      events = [];
      // Ids increase in emission order and share a fixed width, so comparing them as strings
      // keeps causally ordered events of the same second in order.
      return out.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * Stripe's `previous_attributes`: the old values of what changed. Nested hashes list only their
 * changed keys (`{ cancellation_details: { reason: null } }`, `{ items: { data: [...] } }`);
 * arrays, and values that were or became null, are given whole; a key that did not exist
 * before is given as null (`{ metadata: { segment: null } }`).
 */
export function previousAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const old = key in before ? before[key] : null;
    const now = key in after ? after[key] : null;
    if (deepEqual(old, now)) continue;
    out[key] = isPlainObject(old) && isPlainObject(now) ? previousAttributes(old, now) : old;
  }
  return out;
}
