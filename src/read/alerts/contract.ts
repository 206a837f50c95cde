// The alert centre and alert rules: GET /v1/alerts (a page of alerts with customer, rule,
// evidence and deliveries), the acknowledge / snooze / assign actions (each answers with the
// alert), GET/POST/PUT/DELETE /v1/alert-rules. The route serialises with these shapes and the web
// app parses with them; the rule bodies are validated with them too.
import * as z from 'zod/mini';
import { count, currencyCode, day, timestamp } from '../contract-common.js';

export const ALERT_RULE_KINDS = ['health_below', 'risk_above', 'payment_failed', 'usage_drop', 'limit_near', 'trial_ending_inactive'] as const;
export const alertRuleKind = z.enum(ALERT_RULE_KINDS);
export type AlertRuleKind = z.infer<typeof alertRuleKind>;

export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'cleared'] as const;
export const alertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof alertStatus>;

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;

/** One number behind an alert: `value` null when the signal had no data. */
export const evidenceFigure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.nullable(z.number()),
});
export type EvidenceFigure = z.infer<typeof evidenceFigure>;

/** Why the rule fired: the day of the signals read, the rule's threshold, the figures and one
 *  sentence saying it ("Health 34 < 40: usage 12, engagement 30, …"). */
export const alertEvidence = z.object({
  day,
  threshold: z.nullable(z.number()),
  sentence: z.string(),
  figures: z.array(evidenceFigure),
});
export type AlertEvidence = z.infer<typeof alertEvidence>;

export const alertDelivery = z.object({
  id: z.string(),
  channel: z.enum(DELIVERY_CHANNELS),
  /** The e-mail address or the webhook URL (its path and query hidden: they often hold a secret). */
  target: z.string(),
  /** 1 for the notice sent when the alert opened, 2… for each reminder after a snooze ended. */
  notice: z.int().check(z.positive()),
  status: z.enum(DELIVERY_STATUSES),
  attempts: count,
  nextAttemptAt: z.nullable(timestamp),
  lastError: z.nullable(z.string()),
  sentAt: z.nullable(timestamp),
});
export type AlertDelivery = z.infer<typeof alertDelivery>;

export const alertPerson = z.object({ userId: z.string(), email: z.string(), name: z.nullable(z.string()) });

export const alertItem = z.object({
  id: z.string(),
  status: alertStatus,
  rule: z.object({ id: z.string(), kind: alertRuleKind, name: z.string() }),
  customer: z.object({
    id: z.string(),
    name: z.nullable(z.string()),
    /** MRR now, in `currency` (the customer's largest), minor units; 0 when not paying. */
    mrr: z.int(),
    currency: z.nullable(currencyCode),
  }),
  evidence: alertEvidence,
  openedAt: timestamp,
  updatedAt: timestamp,
  clearedAt: z.nullable(timestamp),
  snoozedUntil: z.nullable(timestamp),
  acknowledgedBy: z.nullable(alertPerson),
  acknowledgedAt: z.nullable(timestamp),
  assignee: z.nullable(alertPerson),
  deliveries: z.array(alertDelivery),
});
export type AlertItem = z.infer<typeof alertItem>;

export const alertListResponse = z.object({
  data: z.array(alertItem),
  nextCursor: z.nullable(z.string()),
  total: count.check(z.describe('How many alerts match the filters, on every page')),
});
export type AlertListResponse = z.infer<typeof alertListResponse>;

/** A rule's second number, by kind: usage_drop's minimum volume (events in the previous 7 days)
 *  and trial_ending_inactive's minimum active days; other kinds take none. */
export const alertRuleParams = z.object({
  minEvents: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000_000))),
  minActiveDays: z.optional(z.int().check(z.minimum(1), z.maximum(30))),
});
export type AlertRuleParams = z.infer<typeof alertRuleParams>;

export const alertRuleItem = z.object({
  id: z.string(),
  kind: alertRuleKind,
  name: z.string(),
  /** health_below: a score 0–100; risk_above: a probability 0–1; usage_drop: the fall, 0–1 (0.5 = 50%);
   *  limit_near: a ratio of the limit (0.8); trial_ending_inactive: days before the trial ends;
   *  payment_failed: null. */
  threshold: z.nullable(z.number()),
  params: alertRuleParams,
  enabled: z.boolean(),
  emailTo: z.array(z.string()),
  /** The webhook's origin only ("https://hooks.slack.com/…"): its path is a secret. */
  webhookUrl: z.nullable(z.string()),
  openAlerts: count,
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type AlertRuleItem = z.infer<typeof alertRuleItem>;

export const alertRuleListResponse = z.object({
  data: z.array(alertRuleItem),
  /** False when no SMTP server is configured: e-mail deliveries fail with that reason. */
  emailConfigured: z.boolean(),
});
export type AlertRuleListResponse = z.infer<typeof alertRuleListResponse>;

/** POST /v1/alert-rules (every field but kind and name optional; defaults per kind) and PUT /v1/alert-rules/:id
 *  (the kind cannot change; webhookUrl omitted keeps the stored one, null removes it). */
export const alertRuleInput = z.object({
  kind: alertRuleKind,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  threshold: z.optional(z.nullable(z.number())),
  params: z.optional(alertRuleParams),
  enabled: z.optional(z.boolean()),
  emailTo: z.optional(z.array(z.email().check(z.maxLength(254))).check(z.maxLength(20))),
  webhookUrl: z.optional(z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)))),
});
export type AlertRuleInput = z.infer<typeof alertRuleInput>;

/** PUT /v1/alert-rules/:id: the fields given replace the stored ones; kind, if given, must be the rule's. */
export const alertRuleUpdate = z.partial(alertRuleInput);
export type AlertRuleUpdate = z.infer<typeof alertRuleUpdate>;

export const alertRuleAnswer = z.object({ rule: alertRuleItem });

export const alertAnswer = z.object({ alert: alertItem });

export const snoozeInput = z.object({ until: timestamp });
export const assignInput = z.object({ userId: z.nullable(z.string().check(z.minLength(1), z.maxLength(100))) });
