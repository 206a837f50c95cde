// Live messages applied to the cached summary, so the headline and today's figures move the
// moment a webhook is processed, without a refetch. A message the summary already includes
// (seq not above the summary's) changes nothing, so replaying history on connect is harmless.
// Increments that cannot be exact (a payment in another currency, a trial converting) are left
// to the throttled reconciling refetch that follows every data message (use-summary.ts).
import * as z from 'zod/mini';
import { currencyCodeSchema, minorUnitsSchema, timestampSchema } from '../../lib/schemas.js';
import type { LiveEnvelope } from '../live/live-message.js';
import { metricFiguresSchema, pickFigures, type Summary } from './summary.js';

const withAt = <T extends z.ZodMiniType>(data: T) => z.object({ at: timestampSchema, data });

const mrrUpdated = withAt(metricFiguresSchema);
const newSignup = withAt(z.object({ day: z.string(), status: z.string() }));
const churnAlert = withAt(z.object({ reason: z.string() }));
const payment = withAt(z.object({ currency: currencyCodeSchema, amount: minorUnitsSchema, eventId: z.optional(z.string()) }));

/** The payment events already added to today's revenue by this client (the latest few hundred):
 *  a payment is counted once even if its message arrived twice under different seqs. */
const MAX_COUNTED = 500;
const countedEvents = new WeakMap<Summary, readonly string[]>();

/** The types that describe a change of the business (not sync status or resync). */
export const DATA_MESSAGE_TYPES: ReadonlySet<string> = new Set(['mrr_updated', 'new_signup', 'subscription_changed', 'payment_received', 'payment_failed', 'churn_alert']);

export function isDataMessage(message: LiveEnvelope): boolean {
  return DATA_MESSAGE_TYPES.has(message.type);
}

/** The server could not replay what was missed: the client must reload its figures. */
export function isResync(envelope: LiveEnvelope): boolean {
  return envelope.type === 'resync';
}

function later(a: string | null, b: string): string {
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}

/** The summary after `message`; the same object when the message changes nothing. */
export function applyLiveMessage(summary: Summary, message: LiveEnvelope): Summary {
  if (!isDataMessage(message)) return summary;
  if (message.seq !== null && message.seq <= summary.seq) return summary;
  const input = { at: message.at, data: message.data };
  let next: Summary = { ...summary, seq: message.seq ?? summary.seq };
  if (message.at && !Number.isNaN(Date.parse(message.at))) next.lastEventAt = later(summary.lastEventAt, message.at);
  switch (message.type) {
    case 'mrr_updated': {
      const parsed = mrrUpdated.safeParse(input);
      if (parsed.success) next = { ...next, ...pickFigures(parsed.data.data), asOf: parsed.data.at };
      break;
    }
    case 'new_signup': {
      const parsed = newSignup.safeParse(input);
      if (parsed.success && parsed.data.data.day === summary.today.day) {
        next.today = { ...next.today, signups: next.today.signups + 1 };
        if (parsed.data.data.status === 'trialing') next.activeTrials += 1;
      }
      break;
    }
    case 'churn_alert': {
      const parsed = churnAlert.safeParse(input);
      if (parsed.success && parsed.data.data.reason === 'churned') next.today = { ...next.today, churnedCustomers: next.today.churnedCustomers + 1 };
      break;
    }
    case 'payment_received': {
      const parsed = payment.safeParse(input);
      if (parsed.success && parsed.data.data.currency === summary.currency) {
        const eventId = parsed.data.data.eventId;
        const counted = countedEvents.get(summary) ?? [];
        if (eventId !== undefined && counted.includes(eventId)) return summary;
        next.today = { ...next.today, revenueCollected: next.today.revenueCollected + parsed.data.data.amount };
        if (eventId !== undefined) countedEvents.set(next, [...counted.slice(-(MAX_COUNTED - 1)), eventId]);
        return next;
      }
      break;
    }
  }
  const counted = countedEvents.get(summary);
  if (counted) countedEvents.set(next, counted);
  return next;
}
