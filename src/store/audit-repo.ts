// The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE), one row per
// administrative action or data export, always scoped by workspace.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AuditLogTable } from './schema-accounts.js';

export type AuditActorType = AuditLogTable['actor_type'];

export type AuditEntryInput = {
  workspaceId: string;
  actorType: AuditActorType;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  at: Date;
};

export type AuditEntry = {
  id: number;
  at: Date;
  actorType: AuditActorType;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
};

export type AuditFilter = {
  action?: string;
  /** Free text, matched case-insensitively against actor, action and target. */
  q?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (the next page). */
  before?: number;
  limit: number;
};

/** Escapes LIKE wildcards so user text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function appendAudit(db: Kysely<Database>, entries: readonly AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        workspace_id: e.workspaceId,
        at: e.at,
        actor_type: e.actorType,
        actor_id: e.actorId,
        actor_label: e.actorLabel.slice(0, 300),
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId ?? null,
        target_label: e.targetLabel?.slice(0, 300) ?? null,
        detail: JSON.stringify(e.detail ?? {}),
        ip: e.ip ?? null,
        user_agent: e.userAgent?.slice(0, 500) ?? null,
      })),
    )
    .execute();
}

export async function listAudit(db: Kysely<Database>, workspaceId: string, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb('actor_label', 'ilike', pattern),
        eb('action', 'ilike', pattern),
        eb('target_label', 'ilike', pattern),
        eb('target_id', 'ilike', pattern),
      ]),
    );
  }
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.before !== undefined) query = query.where('entry_id', '<', filter.before);
  const rows = await query.orderBy('entry_id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.entry_id,
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetLabel: r.target_label,
    detail: r.detail,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}
