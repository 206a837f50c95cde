// Compliance (issue 17): the retention policy, its runs and the compliance report's formats, as the API answers
// and takes them (src/api/routes/retention.ts) and the Compliance screen reads them
// (web/src/features/compliance). null days: kept for ever.
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

const days = (min: number, max: number) => z.int().check(z.gte(min, { message: `must be at least ${min} days` }), z.lte(max, { message: `must be at most ${max} days` }));

/** The limits migration 0021 enforces, per field. */
export const POLICY_LIMITS = {
  rawPayloadDays: { min: 1, max: 36500 },
  usageRawDays: { min: 1, max: 36500 },
  auditDays: { min: 30, max: 36500 },
  securityDays: { min: 30, max: 36500 },
  exportDays: { min: 1, max: 365 },
} as const;
export type PolicyField = keyof typeof POLICY_LIMITS;
export const POLICY_FIELDS = Object.keys(POLICY_LIMITS) as PolicyField[];

export const retentionPolicy = z.object({
  rawPayloadDays: z.nullable(z.int()),
  usageRawDays: z.nullable(z.int()),
  auditDays: z.nullable(z.int()),
  securityDays: z.nullable(z.int()),
  exportDays: z.int(),
  updatedBy: z.nullable(z.string()),
  updatedAt: z.nullable(timestamp),
});
export type RetentionPolicyView = z.infer<typeof retentionPolicy>;

/** PUT /v1/retention/policy: the fields to change (null: keep for ever); the others stay. */
export const retentionPolicyInput = z.strictObject({
  rawPayloadDays: z.optional(z.nullable(days(POLICY_LIMITS.rawPayloadDays.min, POLICY_LIMITS.rawPayloadDays.max))),
  usageRawDays: z.optional(z.nullable(days(POLICY_LIMITS.usageRawDays.min, POLICY_LIMITS.usageRawDays.max))),
  auditDays: z.optional(z.nullable(days(POLICY_LIMITS.auditDays.min, POLICY_LIMITS.auditDays.max))),
  securityDays: z.optional(z.nullable(days(POLICY_LIMITS.securityDays.min, POLICY_LIMITS.securityDays.max))),
  exportDays: z.optional(days(POLICY_LIMITS.exportDays.min, POLICY_LIMITS.exportDays.max)),
});
export type RetentionPolicyInput = z.infer<typeof retentionPolicyInput>;

/** GET and PUT /v1/retention/policy. sessions: pruned hourly by the server (not by this policy);
 *  expiredWaiting is how many expired sessions of the workspace's members are still stored. */
export const retentionPolicyAnswer = z.object({
  policy: retentionPolicy,
  sessions: z.object({ ttlHours: z.number(), idleMinutes: z.number(), expiredWaiting: count }),
});
export type RetentionPolicyAnswer = z.infer<typeof retentionPolicyAnswer>;

export const RETENTION_RUN_STATUSES = ['running', 'completed', 'failed'] as const;

/** One run over the workspace. counts: by kind (docs/compliance.md#retention lists them). */
export const retentionRun = z.object({
  id: z.string(),
  startedAt: timestamp,
  finishedAt: z.nullable(timestamp),
  status: z.enum(RETENTION_RUN_STATUSES),
  counts: z.record(z.string(), z.int()),
  error: z.nullable(z.string()),
});
export type RetentionRunView = z.infer<typeof retentionRun>;

/** GET /v1/retention/runs: newest first. */
export const retentionRuns = z.object({ data: z.array(retentionRun) });

/** GET /v1/compliance/report?from=&to=&format= (UTC days, both included; default the last 30 days, PDF). */
export const COMPLIANCE_REPORT_FORMATS = ['pdf', 'csv'] as const;

/** What each count of a run means, in the order shown (the web app and the report use it). */
export const RUN_COUNT_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['raw_payloads_scrubbed', 'Provider payloads stripped'],
  ['tracking_payloads_scrubbed', 'Tracking payloads stripped'],
  ['usage_events_deleted', 'Raw usage events dropped'],
  ['usage_events_waiting', 'Usage events waiting for roll-up'],
  ['audit_entries_deleted', 'Audit entries dropped'],
  ['security_events_deleted', 'Security events dropped'],
  ['unscoped_security_events_deleted', 'Security events of no workspace dropped'],
  ['exports_expired', 'Export files removed'],
  ['expired_sessions_waiting', 'Expired sessions not yet pruned'],
];
