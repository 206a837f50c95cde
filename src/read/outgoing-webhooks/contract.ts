// /v1/webhook-endpoints and /v1/webhook-deliveries: outgoing webhook endpoints, their delivery
// log (request, response, timing) and replay (docs/webhooks.md). The route serialises with these
// and Settings → Webhooks parses with them.
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'disabled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.nullable(z.string()),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: z.nullable(timestamp),
  /** Why it was disabled: a person did, or every delivery failed for days. */
  disabledReason: z.nullable(z.string()),
  /** The first failed attempt since the last success (null: healthy). */
  failingSince: z.nullable(timestamp),
  pending: count,
  failed: count,
  lastDeliveredAt: z.nullable(timestamp),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

/** GET /v1/webhook-endpoints: the endpoints and the event types one can subscribe to. */
export const webhookEndpointList = z.object({ data: z.array(webhookEndpoint), eventTypes: z.array(z.string()) });
/** PATCH /v1/webhook-endpoints/:id */
export const webhookEndpointAnswer = z.object({ endpoint: webhookEndpoint });
/** POST /v1/webhook-endpoints and …/rotate-secret: the signing secret, shown this once. */
export const webhookEndpointWithSecret = z.object({ endpoint: webhookEndpoint, secret: z.string() });

export const deliveryAttempt = z.object({
  id: z.string(),
  at: timestamp,
  /** A replay or a test send, not a scheduled attempt. */
  manual: z.boolean(),
  request: z.object({ headers: z.record(z.string(), z.string()), body: z.string() }),
  response: z.nullable(z.object({ status: z.int(), headers: z.record(z.string(), z.string()), body: z.string() })),
  durationMs: count,
  error: z.nullable(z.string()),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttempt>;

export const webhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(DELIVERY_STATUSES),
  attempts: count,
  nextAttemptAt: z.nullable(timestamp),
  lastStatus: z.nullable(z.int()),
  lastError: z.nullable(z.string()),
  createdAt: timestamp,
  deliveredAt: z.nullable(timestamp),
  log: z.array(deliveryAttempt),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

/** GET /v1/webhook-endpoints/:id/deliveries */
export const webhookDeliveryList = z.object({ data: z.array(webhookDelivery) });
/** POST /v1/webhook-endpoints/:id/test and /v1/webhook-deliveries/:id/replay */
export const webhookDeliveryAnswer = z.object({ delivery: webhookDelivery });
