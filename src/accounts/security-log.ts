// Writes security events and audit entries. Every security event type and its severity is listed
// here once. Repeats of the same noisy event (same type, subject and IP within a minute) are
// recorded once, so a flood of bad requests cannot flood the table; failed logins are always
// recorded, because login throttling counts them.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { appendAudit, type AuditActorType, type AuditEntryInput } from '../store/audit-repo.js';
import { appendSecurityEvent, type SecuritySeverity } from '../store/security-events-repo.js';

export const SECURITY_EVENT_SEVERITY = {
  login_failed: 'warning',
  account_locked: 'critical',
  ip_throttled: 'critical',
  api_key_invalid: 'warning',
  webhook_signature_failed: 'warning',
  permission_denied: 'warning',
  csrf_rejected: 'warning',
  password_changed: 'info',
  password_reset: 'warning',
  totp_enabled: 'info',
  totp_disabled: 'warning',
  sessions_revoked: 'info',
  sso_login_failed: 'warning',
  recovery_codes_generated: 'info',
  recovery_code_used: 'warning',
  demo_login_refused: 'warning',
} as const satisfies Record<string, SecuritySeverity>;

export type SecurityEventType = keyof typeof SECURITY_EVENT_SEVERITY;

/** Where a request came from, as recorded with every event and audit entry. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

export type Actor = { type: AuditActorType; id: string | null; label: string };

const ALWAYS_RECORDED: ReadonlySet<SecurityEventType> = new Set(['login_failed', 'account_locked', 'ip_throttled', 'recovery_code_used']);
const REPEAT_WINDOW_MS = 60_000;
const recent = new WeakMap<object, Map<string, number>>();

function isRepeat(db: object, key: string, nowMs: number): boolean {
  let seen = recent.get(db);
  if (!seen) recent.set(db, (seen = new Map()));
  const last = seen.get(key);
  if (last !== undefined && nowMs - last < REPEAT_WINDOW_MS) return true;
  if (seen.size > 10_000) seen.clear();
  seen.set(key, nowMs);
  return false;
}

export async function recordSecurityEvent(
  db: Kysely<Database>,
  event: {
    type: SecurityEventType;
    workspaceId: string | null;
    userId?: string | null;
    subject?: string | null;
    detail?: Record<string, unknown>;
    meta: RequestMeta;
    at: Date;
  },
): Promise<void> {
  if (!ALWAYS_RECORDED.has(event.type)) {
    const key = [event.type, event.workspaceId, event.userId, event.subject, event.meta.ip].join('\u0000');
    if (isRepeat(db, key, event.at.getTime())) return;
  }
  await appendSecurityEvent(db, {
    workspaceId: event.workspaceId,
    type: event.type,
    severity: SECURITY_EVENT_SEVERITY[event.type],
    userId: event.userId ?? null,
    subject: event.subject ?? null,
    detail: event.detail ?? {},
    ip: event.meta.ip,
    userAgent: event.meta.userAgent,
    at: event.at,
  });
}

export async function recordAudit(
  db: Kysely<Database>,
  entry: {
    workspaceIds: readonly string[];
    actor: Actor;
    action: string;
    target?: { type: string; id: string | null; label?: string | null };
    detail?: Record<string, unknown>;
    meta: RequestMeta;
    at: Date;
  },
): Promise<void> {
  const rows: AuditEntryInput[] = entry.workspaceIds.map((workspaceId) => ({
    workspaceId,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetLabel: entry.target?.label ?? null,
    detail: entry.detail ?? {},
    ip: entry.meta.ip,
    userAgent: entry.meta.userAgent,
    at: entry.at,
  }));
  await appendAudit(db, rows);
}

export const CLI_META: RequestMeta = { ip: null, userAgent: 'revpulse-cli' };

/** A webhook whose signature did not verify: recorded in the workspace of the source it named
 *  (looked up by id alone, like the webhook itself). */
export async function recordWebhookSignatureFailure(db: Kysely<Database>, input: { sourceId: string; reason: string; meta: RequestMeta; at: Date }): Promise<void> {
  const source = await db.selectFrom('sources').select('workspace_id').where('source_id', '=', input.sourceId).executeTakeFirst();
  await recordSecurityEvent(db, {
    type: 'webhook_signature_failed',
    workspaceId: source?.workspace_id ?? null,
    subject: input.sourceId,
    detail: { reason: input.reason.slice(0, 200) },
    meta: input.meta,
    at: input.at,
  });
}
