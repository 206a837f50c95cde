// Security events (failed logins, lockouts, bad API keys, webhook signature failures, denied
// permissions): append-only like the audit log. workspace_id is null for events that belong to
// no workspace; user_id names the person an account event is about.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { SecuritySeverity } from './schema-accounts.js';
import { likePattern } from './audit-repo.js';

export type { SecuritySeverity };

export type SecurityEventInput = {
  workspaceId: string | null;
  type: string;
  severity: SecuritySeverity;
  userId?: string | null;
  subject?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  at: Date;
};

export type SecurityEvent = {
  id: number;
  at: Date;
  type: string;
  severity: SecuritySeverity;
  workspaceId: string | null;
  userId: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
};

export type SecurityEventFilter = {
  severity?: SecuritySeverity;
  type?: string;
  q?: string;
  before?: number;
  limit: number;
};

export async function appendSecurityEvent(db: Kysely<Database>, e: SecurityEventInput): Promise<void> {
  await db
    .insertInto('security_events')
    .values({
      workspace_id: e.workspaceId,
      at: e.at,
      type: e.type,
      severity: e.severity,
      user_id: e.userId ?? null,
      subject: e.subject?.slice(0, 300) ?? null,
      detail: JSON.stringify(e.detail ?? {}),
      ip: e.ip ?? null,
      user_agent: e.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
}

/**
 * What a workspace's owners and admins see: its own events, account events of its members, and
 * — for the installation's own workspace only — events that belong to no workspace at all.
 */
export async function listSecurityEvents(
  db: Kysely<Database>,
  workspaceId: string,
  filter: SecurityEventFilter & { includeUnscoped: boolean },
): Promise<SecurityEvent[]> {
  let query = db
    .selectFrom('security_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('workspace_id', '=', workspaceId),
        eb.and([
          eb('workspace_id', 'is', null),
          eb('user_id', 'in', eb.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId)),
        ]),
        ...(filter.includeUnscoped ? [eb.and([eb('workspace_id', 'is', null), eb('user_id', 'is', null)])] : []),
      ]),
    );
  if (filter.severity) query = query.where('severity', '=', filter.severity);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) => eb.or([eb('subject', 'ilike', pattern), eb('type', 'ilike', pattern), eb('ip', 'ilike', pattern)]));
  }
  if (filter.before !== undefined) query = query.where('event_id', '<', filter.before);
  const rows = await query.orderBy('event_id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.event_id,
    at: r.at,
    type: r.type,
    severity: r.severity,
    workspaceId: r.workspace_id,
    userId: r.user_id,
    subject: r.subject,
    detail: r.detail,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

/** Failed logins since `since` for an email (any account or none) and from an IP. */
export async function countFailedLogins(
  db: Kysely<Database>,
  input: { email: string; ip: string | null; since: Date; accountSince: Date },
): Promise<{ forEmail: number; fromIp: number; oldestForEmail: Date | null; oldestFromIp: Date | null }> {
  const email = await db
    .selectFrom('security_events')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
    .where('type', '=', 'login_failed')
    .where('subject', '=', input.email)
    .where('at', '>=', input.accountSince)
    .executeTakeFirstOrThrow();
  const ip = input.ip
    ? await db
        .selectFrom('security_events')
        .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
        .where('type', '=', 'login_failed')
        .where('ip', '=', input.ip)
        .where('at', '>=', input.since)
        .executeTakeFirstOrThrow()
    : { n: '0', oldest: null };
  return {
    forEmail: Number(email.n),
    fromIp: Number(ip.n),
    oldestForEmail: email.oldest ? new Date(email.oldest) : null,
    oldestFromIp: ip.oldest ? new Date(ip.oldest) : null,
  };
}
