// GET /v1/customers/:id/activity: one timeline, newest first, mixing billing (subscription
// started, changed, cancelled and reactivated from the MRR ledger; payments; refunds) and
// product/success events (tracked usage per event and day, tickets, survey responses).
// Cursor-paged: pass `nextBefore` back as `before`.
import * as z from 'zod/mini';
import { currencyCode, minorUnits, timestamp } from '../contract-common.js';

export const ACTIVITY_KINDS = [
  'subscription_started', 'subscription_changed', 'subscription_cancelled', 'subscription_reactivated',
  'payment_succeeded', 'payment_failed', 'refund',
  'usage', 'ticket_opened', 'ticket_closed', 'survey_response',
] as const;
export const activityKind = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof activityKind>;
export const BILLING_KINDS: readonly ActivityKind[] = ['subscription_started', 'subscription_changed', 'subscription_cancelled', 'subscription_reactivated', 'payment_succeeded', 'payment_failed', 'refund'];

export const activityItem = z.object({
  id: z.string().check(z.describe('Stable across pages, e.g. payment:py_123, usage:2026-03-01:api_call')),
  kind: activityKind,
  at: timestamp.check(z.describe('Ledger changes and usage are dated at the start of their UTC day')),
  title: z.string(),
  detail: z.nullable(z.string()),
  amount: z.nullable(z.object({ value: minorUnits, currency: currencyCode })).check(z.describe('Money items only: minor units, a refund or a fall in MRR negative')),
});
export type ActivityItem = z.infer<typeof activityItem>;

export const activityResponse = z.object({
  asOf: timestamp,
  data: z.array(activityItem),
  nextBefore: z.nullable(z.string()).check(z.describe('null on the last page')),
});
export type ActivityResponse = z.infer<typeof activityResponse>;
