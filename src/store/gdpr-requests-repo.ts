// The GDPR request queue (table gdpr_requests, migration 0021): a request moves pending →
// processing (claimed with `for update skip locked`, so two instances never take the same row)
// → completed | failed. A row left in processing by an instance that stopped is claimed again
// once its start is older than the caller's `staleBefore`. Every change after the claim is
// conditional on that claim's started_at, so an instance that lost its claim never records over
// the work of the one that took the row after it.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { GdprRequestKind, GdprRequestStatus } from './schema-compliance.js';

type Db = Kysely<Database> | Transaction<Database>;

export type GdprRequester = { type: 'user' | 'api_key' | 'cli' | 'system'; id: string | null; label: string };

export type StoredGdprRequest = {
  workspaceId: string;
  id: string;
  kind: GdprRequestKind;
  customerId: string;
  status: GdprRequestStatus;
  requestedBy: GdprRequester;
  requestedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  error: string | null;
  pseudonym: string | null;
  result: Record<string, unknown>;
  /** Size of the stored export ZIP (null: none, or dropped after it expired). */
  artifactBytes: number | null;
  artifactExpiresAt: Date | null;
};

type Row = {
  workspace_id: string; request_id: string; kind: GdprRequestKind; customer_id: string; status: GdprRequestStatus;
  requested_by_type: GdprRequester['type']; requested_by_id: string | null; requested_by_label: string; requested_at: Date | string;
  started_at: Date | string | null; completed_at: Date | string | null; error: string | null; pseudonym: string | null;
  result: Record<string, unknown> | string; artifact_bytes: number | string | null; artifact_expires_at: Date | string | null;
};

const plain = [
  'workspace_id', 'request_id', 'kind', 'customer_id', 'status', 'requested_by_type', 'requested_by_id', 'requested_by_label', 'requested_at',
  'started_at', 'completed_at', 'error', 'pseudonym', 'result', 'artifact_expires_at',
] as const;

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

function toRequest(r: Row): StoredGdprRequest {
  return {
    workspaceId: r.workspace_id, id: r.request_id, kind: r.kind, customerId: r.customer_id, status: r.status,
    requestedBy: { type: r.requested_by_type, id: r.requested_by_id, label: r.requested_by_label },
    requestedAt: new Date(r.requested_at), startedAt: date(r.started_at), completedAt: date(r.completed_at), error: r.error, pseudonym: r.pseudonym,
    result: typeof r.result === 'string' ? (JSON.parse(r.result) as Record<string, unknown>) : (r.result ?? {}),
    artifactBytes: r.artifact_bytes === null ? null : Number(r.artifact_bytes), artifactExpiresAt: date(r.artifact_expires_at),
  };
}

const returning = sql.join([...plain.map((c) => sql.ref(`g.${c}`)), sql`octet_length(g.artifact) as artifact_bytes`]);

export async function insertGdprRequest(db: Db, input: { workspaceId: string; id: string; kind: GdprRequestKind; customerId: string; requestedBy: GdprRequester; now: Date }): Promise<StoredGdprRequest> {
  const result = await sql<Row>`
    insert into gdpr_requests as g (workspace_id, request_id, kind, customer_id, requested_by_type, requested_by_id, requested_by_label, requested_at)
    values (${input.workspaceId}, ${input.id}, ${input.kind}, ${input.customerId}, ${input.requestedBy.type}, ${input.requestedBy.id}, ${input.requestedBy.label}, ${input.now})
    returning ${returning}`.execute(db);
  return toRequest(result.rows[0]!);
}

export async function getGdprRequest(db: Db, workspaceId: string, requestId: string): Promise<StoredGdprRequest | null> {
  const result = await sql<Row>`select ${returning} from gdpr_requests g where g.workspace_id = ${workspaceId} and g.request_id = ${requestId}`.execute(db);
  return result.rows[0] ? toRequest(result.rows[0]) : null;
}

/** The queue of a workspace, newest first, after the row (requestedAt, id) of the previous page. */
export async function listGdprRequests(db: Db, workspaceId: string, options: { limit: number; status?: GdprRequestStatus; after?: { requestedAt: Date; id: string } }): Promise<StoredGdprRequest[]> {
  const status = options.status !== undefined ? sql`and g.status = ${options.status}` : sql``;
  const after = options.after;
  const page = after ? sql`and (g.requested_at < ${after.requestedAt} or (g.requested_at = ${after.requestedAt} and g.request_id < ${after.id}))` : sql``;
  const result = await sql<Row>`
    select ${returning} from gdpr_requests g
    where g.workspace_id = ${workspaceId} ${status} ${page}
    order by g.requested_at desc, g.request_id desc
    limit ${options.limit}`.execute(db);
  return result.rows.map(toRequest);
}

/** An anonymise or delete of this customer that is done or under way (the newest), if any. */
export async function findErasure(db: Db, workspaceId: string, customerId: string, options: { excluding?: string } = {}): Promise<StoredGdprRequest | null> {
  const excluding = options.excluding !== undefined ? sql`and g.request_id <> ${options.excluding}` : sql``;
  const result = await sql<Row>`
    select ${returning} from gdpr_requests g
    where g.workspace_id = ${workspaceId} and g.customer_id = ${customerId} and g.kind in ('anonymise', 'delete')
      and g.status in ('pending', 'processing', 'completed') ${excluding}
    order by (g.status = 'completed') desc, g.requested_at desc
    limit 1`.execute(db);
  return result.rows[0] ? toRequest(result.rows[0]) : null;
}

/**
 * Claims the oldest request that is pending, or processing with a start before `staleBefore` (its
 * instance stopped), across workspaces: status processing, started_at = now. `requestId`: that
 * row only (the command line processes the one it queued). Null when there is none.
 */
export async function claimNextGdprRequest(db: Db, options: { now: Date; staleBefore: Date; requestId?: string }): Promise<StoredGdprRequest | null> {
  const only = options.requestId !== undefined ? sql`and x.request_id = ${options.requestId}` : sql``;
  const result = await sql<Row>`
    update gdpr_requests g set status = 'processing', started_at = ${options.now}, error = null
    from (
      select x.request_id from gdpr_requests x
      where (x.status = 'pending' or (x.status = 'processing' and x.started_at < ${options.staleBefore})) ${only}
      order by x.requested_at, x.request_id
      limit 1
      for update of x skip locked
    ) due
    where g.request_id = due.request_id
    returning ${returning}`.execute(db);
  return result.rows[0] ? toRequest(result.rows[0]) : null;
}

type Claim = { workspaceId: string; id: string; startedAt: Date };

/** The request succeeded. False when this claim no longer holds the row. */
export async function completeGdprRequest(db: Db, claim: Claim, outcome: { completedAt: Date; result: Record<string, unknown>; pseudonym: string | null; artifact: Uint8Array | null; artifactExpiresAt: Date | null }): Promise<boolean> {
  // Raw SQL: the table type's Generated<JSONColumnType> gives `result` no usable update type.
  const updated = await sql`
    update gdpr_requests set status = 'completed', completed_at = ${outcome.completedAt}, result = cast(${JSON.stringify(outcome.result)} as jsonb),
      pseudonym = ${outcome.pseudonym}, artifact = ${outcome.artifact}, artifact_expires_at = ${outcome.artifactExpiresAt}, error = null
    where workspace_id = ${claim.workspaceId} and request_id = ${claim.id} and status = 'processing' and started_at = ${claim.startedAt}`.execute(db);
  return Number(updated.numAffectedRows ?? 0) === 1;
}

/** The request failed for good, with an error that says why. False when this claim no longer holds the row. */
export async function failGdprRequest(db: Db, claim: Claim, outcome: { completedAt: Date; error: string }): Promise<boolean> {
  const updated = await db.updateTable('gdpr_requests')
    .set({ status: 'failed', completed_at: outcome.completedAt, error: outcome.error.slice(0, 2000) })
    .where('workspace_id', '=', claim.workspaceId).where('request_id', '=', claim.id).where('status', '=', 'processing').where('started_at', '=', claim.startedAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export type GdprExportFile = { request: StoredGdprRequest; zip: Uint8Array | null };

/** An export request and its ZIP (null when there is none: not an export, not done, or expired by `now`). */
export async function readGdprExport(db: Db, workspaceId: string, requestId: string, now: Date): Promise<GdprExportFile | null> {
  const request = await getGdprRequest(db, workspaceId, requestId);
  if (!request) return null;
  if (request.kind !== 'export' || request.status !== 'completed' || request.artifactExpiresAt === null || request.artifactExpiresAt <= now) return { request, zip: null };
  const row = await db.selectFrom('gdpr_requests').select('artifact').where('workspace_id', '=', workspaceId).where('request_id', '=', requestId).executeTakeFirst();
  return { request, zip: row?.artifact ? new Uint8Array(row.artifact) : null };
}

/** Drops export ZIPs past their expiry (the row and its result stay); how many went. */
export async function dropExpiredGdprExports(db: Db, now: Date): Promise<number> {
  const updated = await db.updateTable('gdpr_requests').set({ artifact: null })
    .where('artifact', 'is not', null).where('artifact_expires_at', '<=', now).executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

/** How many days an export is kept (retention_policies.export_days; 7 without a policy). */
export async function exportDays(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('retention_policies').select('export_days').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? Number(row.export_days) : 7;
}
