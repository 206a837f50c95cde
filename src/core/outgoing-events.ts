// What outgoing webhooks say (docs/webhooks.md): the event types a workspace's endpoints can
// subscribe to, and the one mapping from the live feed's messages to them. A webhook is built from
// the very messages a dashboard receives, in the same transaction, so the two never disagree.
// Each event gets an id that is stable (src/store/outgoing-webhooks-repo.ts derives it from `key`
// wherever the fact has a key of its own — a provider event, a customer's signup, an alert — so a
// reprocessed fact gives the same id and receivers can drop the repeat); money is integer minor
// units with its currency.
export const OUTGOING_EVENT_TYPES = [
  'mrr.changed',
  'customer.created',
  'customer.churned',
  'customer.cancellation_scheduled',
  'subscription.changed',
  'payment.succeeded',
  'payment.failed',
  'alert.opened',
] as const;
export type OutgoingEventType = (typeof OUTGOING_EVENT_TYPES)[number];

/** Sent only by "Send test event", to the one endpoint asked; nobody subscribes to it. */
export const TEST_EVENT_TYPE = 'webhook.test';

export type OutgoingEvent = {
  id: string;
  type: OutgoingEventType | typeof TEST_EVENT_TYPE;
  createdAt: string;
  workspaceId: string;
  data: Record<string, unknown>;
};

/** A live feed message (src/live/messages.ts), already allow-listed. */
export type LiveFact = { type: string; data: Record<string, unknown> };

export function isOutgoingEventType(type: string): type is OutgoingEventType {
  return (OUTGOING_EVENT_TYPES as readonly string[]).includes(type);
}

/** An event before its id: `key` names the fact (null: it has no key of its own, a fresh id). */
export type OutgoingEventDraft = { type: OutgoingEvent['type']; key: unknown[] | null; data: Record<string, unknown> };
type Draft = OutgoingEventDraft & { type: OutgoingEventType };

/** The events a batch of live messages stands for, in order. */
export function outgoingEvents(messages: readonly LiveFact[]): OutgoingEventDraft[] {
  const lastChange = new Map<string, Record<string, unknown>>();
  const drafts: Draft[] = [];
  for (const { type, data: d } of messages) {
    switch (type) {
      case 'mrr_updated':
        drafts.push({ type: 'mrr.changed', key: null, data: { currency: d.currency, mrr: d.mrr, arr: d.arr, payingCustomers: d.payingCustomers, arpa: d.arpa } });
        break;
      case 'new_signup':
        drafts.push({
          type: 'customer.created', key: [type, d.customerId],
          data: { customerId: d.customerId, name: d.name, day: d.day, status: d.status, currency: d.currency, mrr: d.mrr, planId: d.planId, planName: d.planName },
        });
        break;
      case 'subscription_changed':
        lastChange.set(String(d.customerId), d);
        drafts.push({
          type: 'subscription.changed', key: [type, d.eventId, d.customerId, d.movement],
          data: { customerId: d.customerId, day: d.day, movement: d.movement, currency: d.currency, amount: d.amount, mrr: d.mrr, sourceEventId: d.eventId },
        });
        break;
      case 'churn_alert': {
        const churned = d.reason === 'churned';
        // A churn's alert follows its movement (src/live/messages.ts): the day and provider event are that movement's.
        const change = churned ? lastChange.get(String(d.customerId)) : undefined;
        const base = { customerId: d.customerId, name: d.name, currency: d.currency, mrr: d.mrr, planName: d.planName };
        drafts.push(churned
          ? { type: 'customer.churned', key: change ? ['churned', change.eventId, d.customerId] : null, data: { ...base, day: change?.day ?? null, sourceEventId: change?.eventId ?? null } }
          : { type: 'customer.cancellation_scheduled', key: null, data: base });
        break;
      }
      case 'payment_received':
      case 'payment_failed':
        drafts.push({
          type: type === 'payment_received' ? 'payment.succeeded' : 'payment.failed', key: [type, d.eventId, d.paymentId],
          data: {
            paymentId: d.paymentId, customerId: d.customerId, invoiceId: d.invoiceId, currency: d.currency, amount: d.amount,
            ...(type === 'payment_failed' ? { failureCode: d.failureCode, declineCode: d.declineCode } : {}), sourceEventId: d.eventId,
          },
        });
        break;
      case 'alert_opened':
        drafts.push({
          type: 'alert.opened', key: [type, d.alertId],
          data: { alertId: d.alertId, ruleId: d.ruleId, ruleName: d.ruleName, kind: d.kind, customerId: d.customerId, customerName: d.customerName, sentence: d.sentence, openedAt: d.openedAt },
        });
        break;
      default:
        break;
    }
  }
  return drafts;
}

/** What "Send test event" sends. */
export function testEvent(endpointId: string): OutgoingEventDraft {
  return { type: TEST_EVENT_TYPE, key: null, data: { endpointId, message: 'A test event from Revpulse: your endpoint is reachable.' } };
}
