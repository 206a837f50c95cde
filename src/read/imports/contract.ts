// What the import endpoints answer (POST /v1/import, GET /v1/imports): a run's summary with its
// errors and a preview of the first rows, and the import history. One shape each, for the route
// and the Settings → Sources upload (web/src/features/settings).
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

export const importLineError = z.object({ line: count, column: z.nullable(z.string()), message: z.string() });
export type ImportLineErrorView = z.infer<typeof importLineError>;

/** A valid row as the preview shows it: money as a decimal string in major units. */
export const importPreviewRow = z.object({
  line: count,
  customerId: z.string(),
  customerName: z.nullable(z.string()),
  customerEmail: z.nullable(z.string()),
  subscriptionId: z.string(),
  effectiveAt: timestamp,
  status: z.string(),
  plan: z.nullable(z.string()),
  currency: z.string(),
  amount: z.string(),
  interval: z.string(),
  intervalCount: count,
  quantity: count,
  discountPercent: z.nullable(z.string()),
  paidAt: z.nullable(timestamp),
  paidAmount: z.nullable(z.string()),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRow>;

export const importResult = z.object({
  importId: z.string(),
  sourceId: z.string(),
  format: z.enum(['csv', 'jsonl']),
  dryRun: z.boolean(),
  status: z.enum(['completed', 'refused', 'failed']),
  rows: count,
  valid: count,
  invalid: count,
  errors: z.array(importLineError),
  eventsNew: count,
  eventsChanged: count,
  eventsUnchanged: count,
  customers: count,
  subscriptions: count,
  preview: z.array(importPreviewRow),
});
export type ImportResult = z.infer<typeof importResult>;

export const importRun = z.object({
  importId: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  fileName: z.nullable(z.string()),
  format: z.enum(['csv', 'jsonl']),
  dryRun: z.boolean(),
  status: z.enum(['running', 'completed', 'failed', 'refused']),
  rows: count,
  valid: count,
  invalid: count,
  eventsNew: count,
  eventsChanged: count,
  createdBy: z.nullable(z.string()),
  createdAt: timestamp,
  finishedAt: z.nullable(timestamp),
});
export const importList = z.object({ data: z.array(importRun) });
export type ImportRunView = z.infer<typeof importRun>;
