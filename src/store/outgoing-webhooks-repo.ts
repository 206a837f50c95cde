// Outgoing webhooks' SQL: endpoints (the signing secret sealed with the SecretBox), the deliveries
// queued for them and every attempt (the delivery log). Deliveries are queued by enqueueOutgoing,
// called in the same transaction that stores the live messages they mirror; a sender claims due
// ones with `for update skip locked` and a lease (next_attempt_at pushed ahead), so two instances
// never send the same delivery at once.
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { outgoingEvents, type LiveFact, type OutgoingEvent, type OutgoingEventDraft } from '../core/outgoing-events.js';
import { RETRY_WINDOW_MS } from '../core/webhook-backoff.js';
import { newId } from './ids.js';
import type { Database } from './schema.js';
import type { DeliveryStatus } from './schema-webhooks-out.js';
import type { SecretBox } from './secret-box.js';

type Db = Kysely<Database> | Transaction<Database>;

export type WebhookEndpoint = {
  id: string;
  workspaceId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const ENDPOINT_COLUMNS = ['workspace_id', 'endpoint_id', 'url', 'description', 'event_types', 'enabled', 'disabled_at', 'disabled_reason', 'failing_since', 'created_by', 'created_at', 'updated_at'] as const;
type EndpointRow = {
  workspace_id: string; endpoint_id: string; url: string; description: string | null; event_types: string[]; enabled: boolean;
  disabled_at: Date | null; disabled_reason: string | null; failing_since: Date | null; created_by: string | null; created_at: Date; updated_at: Date;
};
const date = (d: Date | string | null) => (d === null ? null : new Date(d));
const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.endpoint_id, workspaceId: r.workspace_id, url: r.url, description: r.description, eventTypes: r.event_types ?? [], enabled: r.enabled,
  disabledAt: date(r.disabled_at), disabledReason: r.disabled_reason, failingSince: date(r.failing_since), createdBy: r.created_by,
  createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
});

export async function createEndpoint(
  db: Db, box: SecretBox,
  input: { workspaceId: string; url: string; description: string | null; eventTypes: string[]; secret: string; createdBy: string | null; at: Date },
): Promise<WebhookEndpoint> {
  const row = await db.insertInto('webhook_endpoints').values({
    workspace_id: input.workspaceId, endpoint_id: newId('whe'), url: input.url, description: input.description, event_types: JSON.stringify(input.eventTypes),
    secret_enc: box.seal(input.secret), created_by: input.createdBy, created_at: input.at, updated_at: input.at,
  }).returning(ENDPOINT_COLUMNS).executeTakeFirstOrThrow();
  return toEndpoint(row);
}

export async function countEndpoints(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type EndpointWithCounts = WebhookEndpoint & { pending: number; failed: number; lastDeliveredAt: Date | null };

export async function listEndpoints(db: Db, workspaceId: string): Promise<EndpointWithCounts[]> {
  const rows = await db.selectFrom('webhook_endpoints as e').select(ENDPOINT_COLUMNS.map((c) => `e.${c}` as const))
    .select((eb) => [
      eb.selectFrom('webhook_deliveries as d').select((x) => x.fn.countAll<number>().as('n')).whereRef('d.endpoint_id', '=', 'e.endpoint_id').where('d.status', '=', 'pending').as('pending'),
      eb.selectFrom('webhook_deliveries as d').select((x) => x.fn.countAll<number>().as('n')).whereRef('d.endpoint_id', '=', 'e.endpoint_id').where('d.status', '=', 'failed').as('failed'),
      eb.selectFrom('webhook_deliveries as d').select((x) => x.fn.max('d.delivered_at').as('m')).whereRef('d.endpoint_id', '=', 'e.endpoint_id').as('last_delivered_at'),
    ])
    .where('e.workspace_id', '=', workspaceId).orderBy('e.created_at').orderBy('e.endpoint_id').execute();
  return rows.map((r) => ({ ...toEndpoint(r), pending: Number(r.pending ?? 0), failed: Number(r.failed ?? 0), lastDeliveredAt: date(r.last_delivered_at ?? null) }));
}

export async function findEndpoint(db: Db, workspaceId: string, endpointId: string): Promise<WebhookEndpoint | null> {
  const row = await db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

export async function endpointSecret(db: Db, box: SecretBox, workspaceId: string, endpointId: string): Promise<string | null> {
  const row = await db.selectFrom('webhook_endpoints').select('secret_enc').where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  return row ? box.open(row.secret_enc) : null;
}

export async function updateEndpoint(db: Db, workspaceId: string, endpointId: string, patch: { url?: string; description?: string | null; eventTypes?: string[] }, at: Date): Promise<WebhookEndpoint | null> {
  const row = await db.updateTable('webhook_endpoints').set({
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.eventTypes !== undefined ? { event_types: JSON.stringify(patch.eventTypes) } : {}),
    updated_at: at,
  }).where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).returning(ENDPOINT_COLUMNS).executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

export async function rotateEndpointSecret(db: Db, box: SecretBox, workspaceId: string, endpointId: string, secret: string, at: Date): Promise<WebhookEndpoint | null> {
  const row = await db.updateTable('webhook_endpoints').set({ secret_enc: box.seal(secret), updated_at: at })
    .where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).returning(ENDPOINT_COLUMNS).executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

export async function deleteEndpoint(db: Db, workspaceId: string, endpointId: string): Promise<WebhookEndpoint | null> {
  const row = await db.deleteFrom('webhook_endpoints').where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).returning(ENDPOINT_COLUMNS).executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

/** Disables an endpoint (its pending deliveries become 'disabled'), or enables it again: healthy,
 *  with the deliveries disabled within the retry window queued again now. `changed` is false when
 *  it already was so (nothing written); null endpoint: no such endpoint. */
export async function setEndpointEnabled(db: Kysely<Database>, workspaceId: string, endpointId: string, enabled: boolean, reason: string | null, at: Date): Promise<{ endpoint: WebhookEndpoint | null; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('webhook_endpoints')
      .set(enabled ? { enabled: true, disabled_at: null, disabled_reason: null, failing_since: null, updated_at: at } : { enabled: false, disabled_at: at, disabled_reason: reason, updated_at: at })
      .where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).where('enabled', '=', !enabled).returning(ENDPOINT_COLUMNS).executeTakeFirst();
    if (!row) return { endpoint: await findEndpoint(trx, workspaceId, endpointId), changed: false };
    const deliveries = trx.updateTable('webhook_deliveries').where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId);
    if (enabled) {
      await deliveries.set({ status: 'pending', next_attempt_at: at }).where('status', '=', 'disabled').where('created_at', '>', new Date(at.getTime() - RETRY_WINDOW_MS)).execute();
    } else {
      await deliveries.set({ status: 'disabled', next_attempt_at: null }).where('status', '=', 'pending').execute();
    }
    return { endpoint: toEndpoint(row), changed: true };
  });
}

/** Queues the outgoing events these live messages stand for, one delivery per subscribed
 *  endpoint (an endpoint that is disabled keeps it as 'disabled'). Runs in the caller's
 *  transaction, the one that stores the messages. A repeated event id adds nothing. */
export async function enqueueOutgoing(db: Db, workspaceId: string, messages: readonly LiveFact[], at: Date): Promise<number> {
  if (!messages.some((m) => m.type !== 'sync_status' && m.type !== 'alert_updated')) return 0;
  const endpoints = await db.selectFrom('webhook_endpoints').select(['endpoint_id', 'enabled', 'event_types']).where('workspace_id', '=', workspaceId).execute();
  if (endpoints.length === 0) return 0;
  const events = outgoingEvents(messages).map((draft) => eventOf(workspaceId, draft, at));
  const rows = events.flatMap((event) => endpoints.filter((e) => (e.event_types ?? []).includes(event.type)).map((e) => deliveryRow(workspaceId, e.endpoint_id, event, e.enabled ? 'pending' : 'disabled', at)));
  if (rows.length === 0) return 0;
  const inserted = await db.insertInto('webhook_deliveries').values(rows).onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing()).returning('delivery_id').execute();
  return inserted.length;
}

/** The event as sent: its id stable where the fact has a key (see src/core/outgoing-events.ts). */
export function eventOf(workspaceId: string, draft: OutgoingEventDraft, at: Date): OutgoingEvent {
  const id = draft.key
    ? createHash('sha256').update(JSON.stringify([workspaceId, ...draft.key])).digest('base64url').slice(0, 24)
    : randomBytes(18).toString('base64url');
  return { id: `wev_${id}`, type: draft.type, createdAt: at.toISOString(), workspaceId, data: draft.data };
}

function deliveryRow(workspaceId: string, endpointId: string, event: OutgoingEvent, status: DeliveryStatus, at: Date) {
  return {
    workspace_id: workspaceId, delivery_id: newId('whd'), endpoint_id: endpointId, event_id: event.id, event_type: event.type,
    payload: JSON.stringify(event), status, next_attempt_at: status === 'pending' ? at : null, created_at: at,
  };
}

/** A delivery outside any subscription (the test event): queued as delivered-or-not by its caller. */
export async function insertDelivery(db: Db, workspaceId: string, endpointId: string, draft: OutgoingEventDraft, at: Date): Promise<string> {
  const row = deliveryRow(workspaceId, endpointId, eventOf(workspaceId, draft, at), 'failed', at);
  await db.insertInto('webhook_deliveries').values({ ...row, next_attempt_at: null }).execute();
  return row.delivery_id;
}

export type DeliveryToSend = {
  deliveryId: string;
  workspaceId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  createdAt: Date;
  url: string;
  secretEnc: string;
};

type SendRow = { delivery_id: string; workspace_id: string; endpoint_id: string; event_id: string; event_type: string; payload: Record<string, unknown> | string; status: DeliveryStatus; attempts: number; created_at: Date | string; url: string; secret_enc: string };
const toSend = (r: SendRow): DeliveryToSend => ({
  deliveryId: r.delivery_id, workspaceId: r.workspace_id, endpointId: r.endpoint_id, eventId: r.event_id, eventType: r.event_type,
  payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload, status: r.status, attempts: Number(r.attempts),
  createdAt: new Date(r.created_at), url: r.url, secretEnc: r.secret_enc,
});

/** Claims up to `limit` due deliveries of enabled endpoints, at most `perEndpoint` of each
 *  endpoint, oldest first; each is held until `leaseUntil` (a sender that dies lets it go then). */
export async function claimDueDeliveries(db: Db, now: Date, leaseUntil: Date, limit: number, perEndpoint: number): Promise<DeliveryToSend[]> {
  const result = await sql<SendRow>`
    with candidates as (
      select d.workspace_id, d.delivery_id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
      where d.status = 'pending' and d.next_attempt_at <= ${now}
      order by d.next_attempt_at, d.delivery_id
      limit ${limit * 4}
      for update of d skip locked
    ), ranked as (
      select c.delivery_id, row_number() over (partition by c.endpoint_id order by c.next_attempt_at, c.delivery_id) as rn from candidates c
    ), chosen as (
      select r.delivery_id from ranked r where r.rn <= ${perEndpoint} limit ${limit}
    )
    update webhook_deliveries d set next_attempt_at = ${leaseUntil}
    from chosen, webhook_endpoints e
    where d.delivery_id = chosen.delivery_id and e.endpoint_id = d.endpoint_id and e.workspace_id = d.workspace_id and e.enabled
    returning d.delivery_id, d.workspace_id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.status, d.attempts, d.created_at, e.url, e.secret_enc`.execute(db);
  return result.rows.map(toSend);
}

export async function findDeliveryToSend(db: Db, workspaceId: string, deliveryId: string): Promise<DeliveryToSend | null> {
  const row = await db.selectFrom('webhook_deliveries as d').innerJoin('webhook_endpoints as e', 'e.endpoint_id', 'd.endpoint_id')
    .select(['d.delivery_id', 'd.workspace_id', 'd.endpoint_id', 'd.event_id', 'd.event_type', 'd.payload', 'd.status', 'd.attempts', 'd.created_at', 'e.url', 'e.secret_enc'])
    .where('d.workspace_id', '=', workspaceId).where('d.delivery_id', '=', deliveryId).executeTakeFirst();
  return row ? toSend(row) : null;
}

export type AttemptRecord = {
  at: Date;
  manual: boolean;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
};

/** What becomes of the delivery after an attempt: delivered, tried again at `retryAt`, failed for
 *  good, or (a manual attempt that failed) left as it was. */
export type AttemptOutcome = { kind: 'delivered' } | { kind: 'retry'; retryAt: Date } | { kind: 'failed' } | { kind: 'unchanged' };

/** Records an attempt and its outcome; a scheduled attempt also keeps the endpoint's health
 *  (failing_since cleared on success, set on the first failure). Returns failing_since after it. */
export async function recordAttempt(db: Kysely<Database>, delivery: DeliveryToSend, attempt: AttemptRecord, outcome: AttemptOutcome): Promise<{ failingSince: Date | null }> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_delivery_attempts').values({
      workspace_id: delivery.workspaceId, attempt_id: newId('wha'), delivery_id: delivery.deliveryId, number: delivery.attempts + 1, attempted_at: attempt.at, manual: attempt.manual,
      request_headers: JSON.stringify(attempt.requestHeaders), request_body: attempt.requestBody, response_status: attempt.responseStatus,
      response_headers: attempt.responseHeaders ? JSON.stringify(attempt.responseHeaders) : null, response_body: attempt.responseBody, duration_ms: attempt.durationMs, error: attempt.error,
    }).execute();
    const status = outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'failed' ? 'failed' : undefined;
    // A retry waits as 'pending', or as 'disabled' if its endpoint was disabled meanwhile.
    const waiting = sql<DeliveryStatus>`case when exists (select 1 from webhook_endpoints e where e.endpoint_id = ${delivery.endpointId} and e.enabled) then 'pending' else 'disabled' end`;
    await trx.updateTable('webhook_deliveries').set({
      attempts: sql`attempts + 1`, last_status: attempt.responseStatus, last_error: attempt.error,
      ...(status ? { status } : {}),
      ...(outcome.kind === 'retry' ? { status: waiting } : {}),
      ...(outcome.kind === 'delivered' ? { delivered_at: attempt.at, next_attempt_at: null } : {}),
      ...(outcome.kind === 'retry' ? { next_attempt_at: outcome.retryAt } : {}),
      ...(outcome.kind === 'failed' ? { next_attempt_at: null } : {}),
    }).where('workspace_id', '=', delivery.workspaceId).where('delivery_id', '=', delivery.deliveryId).execute();
    const endpoint = trx.updateTable('webhook_endpoints').where('workspace_id', '=', delivery.workspaceId).where('endpoint_id', '=', delivery.endpointId);
    const row = attempt.manual
      ? await trx.selectFrom('webhook_endpoints').select('failing_since').where('workspace_id', '=', delivery.workspaceId).where('endpoint_id', '=', delivery.endpointId).executeTakeFirst()
      : outcome.kind === 'delivered'
        ? await endpoint.set({ failing_since: null }).returning('failing_since').executeTakeFirst()
        : await endpoint.set({ failing_since: sql`coalesce(failing_since, ${attempt.at})` }).returning('failing_since').executeTakeFirst();
    return { failingSince: date(row?.failing_since ?? null) };
  });
}

export type DeliveryAttemptView = AttemptRecord & { id: string };
export type DeliveryView = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  log: DeliveryAttemptView[];
};

/** Deliveries, newest first, each with its attempts (oldest first). */
export async function listDeliveries(db: Db, workspaceId: string, filter: { endpointId?: string; deliveryId?: string; status?: DeliveryStatus; limit: number }): Promise<DeliveryView[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.endpointId) query = query.where('endpoint_id', '=', filter.endpointId);
  if (filter.deliveryId) query = query.where('delivery_id', '=', filter.deliveryId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('delivery_id', 'desc').limit(filter.limit).execute();
  if (rows.length === 0) return [];
  const attempts = await db.selectFrom('webhook_delivery_attempts').selectAll().where('workspace_id', '=', workspaceId)
    .where('delivery_id', 'in', rows.map((r) => r.delivery_id)).orderBy('delivery_id').orderBy('number').execute();
  const byDelivery = new Map<string, DeliveryAttemptView[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? byDelivery.set(a.delivery_id, []).get(a.delivery_id)!;
    list.push({
      id: a.attempt_id, at: new Date(a.attempted_at), manual: a.manual, requestHeaders: a.request_headers, requestBody: a.request_body, responseStatus: a.response_status,
      responseHeaders: a.response_headers, responseBody: a.response_body, durationMs: Number(a.duration_ms), error: a.error,
    });
  }
  return rows.map((r) => ({
    id: r.delivery_id, endpointId: r.endpoint_id, eventId: r.event_id, eventType: r.event_type, payload: r.payload, status: r.status, attempts: Number(r.attempts),
    nextAttemptAt: date(r.next_attempt_at), lastStatus: r.last_status, lastError: r.last_error, createdAt: new Date(r.created_at), deliveredAt: date(r.delivered_at),
    log: byDelivery.get(r.delivery_id) ?? [],
  }));
}

/** Drops finished deliveries (and their attempts) created before `before`: the log is kept 30 days. */
export async function pruneDeliveries(db: Db, before: Date): Promise<number> {
  const rows = await db.deleteFrom('webhook_deliveries').where('created_at', '<', before).where('status', '!=', 'pending').returning('delivery_id').execute();
  return rows.length;
}
