// The live feed's vocabulary: every message type and exactly the fields it may carry. A message
// is built by parsing its data with the type's schema, which drops every field not listed here
// (an allow-list: adding a column to a record can never leak it to a dashboard). The permission
// needed to receive each type is in src/accounts/permissions.ts (LIVE_MESSAGE_PERMISSIONS).
import { z } from 'zod';

const money = { currency: z.string(), amount: z.number().int() };
const movementKind = z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']);

export const LIVE_MESSAGE_SCHEMAS = {
  /** New headline totals, in the reporting currency, after any change to the data. */
  mrr_updated: z.object({
    currency: z.string(),
    mrr: z.number().int(),
    arr: z.number().int(),
    payingCustomers: z.number().int(),
    arpa: z.number().int(),
  }),
  /** A customer's first subscription (trial or paid) started. */
  new_signup: z.object({
    customerId: z.string(),
    name: z.string().nullable(),
    day: z.string(),
    status: z.string(),
    currency: z.string().nullable(),
    mrr: z.number().int(),
    planId: z.string().nullable(),
    planName: z.string().nullable(),
  }),
  /** A customer's MRR moved (native currency): `amount` is this change, `mrr` the new level. */
  subscription_changed: z.object({
    customerId: z.string(),
    day: z.string(),
    movement: movementKind,
    ...money,
    mrr: z.number().int(),
    eventId: z.string(),
  }),
  payment_received: z.object({
    paymentId: z.string(),
    customerId: z.string().nullable(),
    invoiceId: z.string().nullable(),
    ...money,
    eventId: z.string(),
  }),
  payment_failed: z.object({
    paymentId: z.string(),
    customerId: z.string().nullable(),
    invoiceId: z.string().nullable(),
    ...money,
    failureCode: z.string().nullable(),
    declineCode: z.string().nullable(),
    eventId: z.string(),
  }),
  /** Revenue at risk or lost: a customer churned, or scheduled a cancellation. `mrr` is what
   *  they pay (or paid) in `currency`. */
  churn_alert: z.object({
    customerId: z.string(),
    name: z.string().nullable(),
    reason: z.enum(['churned', 'cancellation_scheduled']),
    currency: z.string().nullable(),
    mrr: z.number().int(),
    planName: z.string().nullable(),
  }),
  /** A source's sync started, finished or failed (src/live/publish-sync-status.ts). */
  sync_status: z.object({
    sourceId: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    kind: z.enum(['full', 'incremental']).nullable(),
    stored: z.number().int().nullable(),
    error: z.string().nullable(),
  }),
  /** An alert rule fired for a customer (src/jobs/alerts.ts): a new alert in the alert centre. */
  alert_opened: z.object({
    alertId: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    kind: z.string(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    sentence: z.string(),
    openedAt: z.string(),
  }),
  /** An alert changed status: cleared, acknowledged, snoozed, back from a snooze, or assigned. */
  alert_updated: z.object({
    alertId: z.string(),
    ruleId: z.string(),
    kind: z.string(),
    customerId: z.string(),
    status: z.enum(['open', 'acknowledged', 'snoozed', 'cleared']),
  }),
} as const;

export type LiveMessageType = keyof typeof LIVE_MESSAGE_SCHEMAS;
export type LiveMessageData<T extends LiveMessageType> = z.output<(typeof LIVE_MESSAGE_SCHEMAS)[T]>;
export type OutgoingMessage = { [T in LiveMessageType]: { type: T; data: LiveMessageData<T> } }[LiveMessageType];

export const LIVE_MESSAGE_TYPES = Object.keys(LIVE_MESSAGE_SCHEMAS) as LiveMessageType[];

/** Builds a message, keeping only its allow-listed fields (throws if a required one is missing). */
export function liveMessage<T extends LiveMessageType>(type: T, data: unknown): { type: T; data: LiveMessageData<T> } {
  return { type, data: LIVE_MESSAGE_SCHEMAS[type].parse(data) as LiveMessageData<T> };
}

/** The messages an outbox note becomes. */
export function messagesForNote(kind: string, data: Record<string, unknown>): OutgoingMessage[] {
  switch (kind) {
    case 'movement': {
      const changed = liveMessage('subscription_changed', data);
      if (changed.data.movement !== 'churn' || changed.data.amount >= 0) return [changed];
      const alert = liveMessage('churn_alert', { ...data, name: data.name ?? null, planName: data.planName ?? null, reason: 'churned', mrr: -changed.data.amount });
      return [changed, alert];
    }
    case 'signup':
      return [liveMessage('new_signup', data)];
    case 'cancellation_scheduled':
      return [liveMessage('churn_alert', { ...data, reason: 'cancellation_scheduled' })];
    case 'payment':
      return [data.status === 'succeeded' ? liveMessage('payment_received', data) : liveMessage('payment_failed', data)];
    default:
      return [];
  }
}
