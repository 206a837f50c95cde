// What the GDPR request endpoints take and answer (POST/GET /v1/gdpr/requests, GET
// /v1/gdpr/requests/:id): a request about one end customer — export, anonymise or delete — as the
// queue lists it. One shape, for the route and the Compliance screen (web/src/features/compliance).
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

export const GDPR_KINDS = ['export', 'anonymise', 'delete'] as const;
export type GdprKind = (typeof GDPR_KINDS)[number];
export const GDPR_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type GdprStatus = (typeof GDPR_STATUSES)[number];

export const gdprRequestInput = z.object({
  kind: z.enum(GDPR_KINDS),
  /** A provider's customer id as stored (cus_…, a PayPal payer id, an import's `<source>:<id>`). */
  customerId: z.string().check(
    z.minLength(1),
    z.maxLength(255),
    // eslint-disable-next-line no-control-regex
    z.refine((id) => !/[\u0000-\u001f\u007f]/.test(id), { error: 'must be a customer id (no control characters)' }),
  ),
});
export type GdprRequestInput = z.infer<typeof gdprRequestInput>;

export const gdprRequestView = z.object({
  requestId: z.string(),
  kind: z.enum(GDPR_KINDS),
  customerId: z.string(),
  status: z.enum(GDPR_STATUSES),
  /** Who asked: a person's e-mail, an API key's name, or the command line. */
  requestedBy: z.object({ type: z.enum(['user', 'api_key', 'cli', 'system']), label: z.string() }),
  requestedAt: timestamp,
  startedAt: z.nullable(timestamp),
  completedAt: z.nullable(timestamp),
  /** Why it failed, in words. */
  error: z.nullable(z.string()),
  /** The stable stand-in an anonymise or delete wrote where the name and e-mail were. */
  pseudonym: z.nullable(z.string()),
  /** Rows exported, changed or removed per table. */
  counts: z.record(z.string(), count),
  /** An export's ZIP while it is kept (null: not an export, not ready, or expired). */
  download: z.nullable(z.object({ bytes: count, expiresAt: timestamp })),
});
export type GdprRequestView = z.infer<typeof gdprRequestView>;

export const gdprRequestAnswer = z.object({ request: gdprRequestView });
export const gdprRequestList = z.object({ data: z.array(gdprRequestView), nextCursor: z.nullable(z.string()) });
export type GdprRequestList = z.infer<typeof gdprRequestList>;

/** What an anonymise or delete does, said plainly before anyone confirms it (screen and command line). */
export const GDPR_CONSEQUENCES: Readonly<Record<Exclude<GdprKind, 'export'>, string>> = {
  anonymise:
    "Their personal data (name, e-mail, address, phone) is replaced everywhere Revpulse keeps it — customer records, raw provider payloads, usage and support data, logs — by a stable pseudonym. Revenue figures do not change. This cannot be undone.",
  delete:
    'Their personal data is removed everywhere Revpulse keeps it — customer records, raw provider payloads, usage and support data, logs. Their revenue history is kept only as anonymous amounts, so past figures do not change. This cannot be undone.',
};
