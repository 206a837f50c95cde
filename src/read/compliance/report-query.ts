// The compliance report's reading of the GDPR request queue (gdpr_requests, written by the
// request job): how many requests of each kind and status were made in a period, and the
// requests themselves, newest first. Scoped by workspace; read only.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { GdprRequestKind, GdprRequestStatus } from '../../store/schema-compliance.js';

export type RequestTally = { kind: GdprRequestKind; status: GdprRequestStatus; count: number };
export type RequestLine = { id: string; kind: GdprRequestKind; status: GdprRequestStatus; requestedBy: string; requestedAt: Date; completedAt: Date | null };

/** Requests made from `from` (included) to `until` (excluded). */
export async function tallyRequests(db: Kysely<Database>, workspaceId: string, from: Date, until: Date): Promise<RequestTally[]> {
  const rows = await db
    .selectFrom('gdpr_requests')
    .select(['kind', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('requested_at', '>=', from)
    .where('requested_at', '<', until)
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n) }));
}

export async function listRequests(db: Kysely<Database>, workspaceId: string, from: Date, until: Date, limit: number): Promise<RequestLine[]> {
  const rows = await db
    .selectFrom('gdpr_requests')
    .select(['request_id', 'kind', 'status', 'requested_by_label', 'requested_at', 'completed_at'])
    .where('workspace_id', '=', workspaceId)
    .where('requested_at', '>=', from)
    .where('requested_at', '<', until)
    .orderBy('requested_at', 'desc')
    .orderBy('request_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.request_id, kind: r.kind, status: r.status, requestedBy: r.requested_by_label,
    requestedAt: new Date(r.requested_at), completedAt: r.completed_at ? new Date(r.completed_at) : null,
  }));
}
