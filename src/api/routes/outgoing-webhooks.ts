// Outgoing webhook endpoints, their delivery log and replay (docs/webhooks.md): a person with
// webhooks:manage adds an endpoint (its signing secret shown once, rotatable), subscribes it to
// event types, sends it a test event, reads each delivery's attempts and replays one, and enables
// an endpoint again after it was disabled (by a person, or after failing for 3 days). Audit-logged.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { OUTGOING_EVENT_TYPES } from '../../core/outgoing-events.js';
import { replayDelivery, sendTestEvent, type OutgoingDeps } from '../../notify/outgoing-webhooks.js';
import { newSigningSecret } from '../../notify/webhook-signature.js';
import {
  countEndpoints, createEndpoint, deleteEndpoint, findEndpoint, listDeliveries, listEndpoints, rotateEndpointSecret, setEndpointEnabled, updateEndpoint,
  type DeliveryView, type WebhookEndpoint,
} from '../../store/outgoing-webhooks-repo.js';
import {
  DELIVERY_STATUSES, webhookDeliveryAnswer, webhookDeliveryList, webhookEndpointAnswer, webhookEndpointList, webhookEndpointWithSecret,
} from '../../read/outgoing-webhooks/contract.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { idParam, text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errorBody, errors, scoped } from '../schemas/common.js';

/** Endpoints one workspace may have. */
export const MAX_ENDPOINTS = 20;

const url = text(2000).pipe(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }));
const description = text(200).transform((s) => s.trim() || null).nullable();
const eventTypes = z.array(z.enum(OUTGOING_EVENT_TYPES)).min(1, 'subscribe to at least one event type').max(OUTGOING_EVENT_TYPES.length)
  .transform((list) => [...new Set(list)]);
const createBody = z.object({ url, description: description.optional(), eventTypes });
const updateBody = z
  .object({ url: url.optional(), description: description.optional(), eventTypes: eventTypes.optional(), enabled: z.boolean().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give a url, description, eventTypes or enabled to change', path: ['url'] });
const idParams = z.object({ id: idParam });
const deliveriesQuery = z.object({ ...scoped, status: z.enum(DELIVERY_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function endpointView(e: WebhookEndpoint & { pending?: number; failed?: number; lastDeliveredAt?: Date | null }) {
  return {
    id: e.id, url: e.url, description: e.description, eventTypes: e.eventTypes, enabled: e.enabled, disabledAt: iso(e.disabledAt), disabledReason: e.disabledReason,
    failingSince: iso(e.failingSince), pending: e.pending ?? 0, failed: e.failed ?? 0, lastDeliveredAt: iso(e.lastDeliveredAt ?? null), createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
  };
}
function deliveryView(d: DeliveryView) {
  return {
    id: d.id, endpointId: d.endpointId, eventId: d.eventId, eventType: d.eventType, payload: d.payload, status: d.status, attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt), lastStatus: d.lastStatus, lastError: d.lastError, createdAt: d.createdAt.toISOString(), deliveredAt: iso(d.deliveredAt),
    log: d.log.map((a) => ({
      id: a.id, at: a.at.toISOString(), manual: a.manual, request: { headers: a.requestHeaders, body: a.requestBody },
      response: a.responseStatus === null ? null : { status: a.responseStatus, headers: a.responseHeaders ?? {}, body: a.responseBody ?? '' }, durationMs: a.durationMs, error: a.error,
    })),
  };
}
const endpointNotFound = (id: string) => new ApiError('RVP_WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint with id ${id} in this workspace.`);

export async function outgoingWebhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['webhooks'];
  const config = { access: 'webhooks:manage' as const };
  const deps: OutgoingDeps = { store: ctx.store, box: ctx.box, logger: ctx.logger, now: ctx.now };
  const audit = async (request: FastifyRequest, workspaceId: string, action: string, e: WebhookEndpoint, detail: Record<string, unknown> = {}) =>
    recordAudit(db, {
      workspaceIds: [workspaceId], actor: actorOf(requireGrant(request).principal), action, target: { type: 'webhook_endpoint', id: e.id, label: e.url }, detail, meta: requestMeta(request), at: ctx.now(),
    });
  const mustSeal = () => {
    if (!ctx.box.canSeal) throw new ApiError('RVP_SECRET_KEY_MISSING');
  };

  r.get('/v1/webhook-endpoints', {
    config,
    schema: { tags, summary: 'The outgoing webhook endpoints of a workspace', querystring: z.object(scoped), response: { 200: webhookEndpointList, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return { data: (await listEndpoints(db, workspace.id)).map(endpointView), eventTypes: [...OUTGOING_EVENT_TYPES] };
  });

  r.post('/v1/webhook-endpoints', {
    bodyLimit: SMALL_BODY,
    config,
    schema: { tags, summary: 'Add an endpoint (its signing secret is answered this once)', querystring: z.object(scoped), body: createBody, response: { 201: webhookEndpointWithSecret, ...errors, 409: errorBody, 503: errorBody } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    mustSeal();
    if ((await countEndpoints(db, workspace.id)) >= MAX_ENDPOINTS) throw new ApiError('RVP_WEBHOOK_ENDPOINT_LIMIT');
    const { principal } = requireGrant(request);
    const secret = newSigningSecret();
    const endpoint = await createEndpoint(db, ctx.box, {
      workspaceId: workspace.id, url: request.body.url, description: request.body.description ?? null, eventTypes: request.body.eventTypes, secret,
      createdBy: principal.kind === 'user' ? principal.userId : null, at: ctx.now(),
    });
    await audit(request, workspace.id, 'webhook_endpoint.created', endpoint, { eventTypes: endpoint.eventTypes });
    return reply.status(201).send({ endpoint: endpointView(endpoint), secret });
  });

  r.patch('/v1/webhook-endpoints/:id', {
    bodyLimit: SMALL_BODY,
    config,
    schema: { tags, summary: 'Change an endpoint, or enable or disable it', params: idParams, querystring: z.object(scoped), body: updateBody, response: { 200: webhookEndpointAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { enabled, ...patch } = request.body;
    const id = request.params.id;
    let endpoint = await findEndpoint(db, workspace.id, id);
    if (!endpoint) throw endpointNotFound(id);
    if (Object.values(patch).some((v) => v !== undefined)) {
      endpoint = (await updateEndpoint(db, workspace.id, id, patch, ctx.now())) ?? endpoint;
      await audit(request, workspace.id, 'webhook_endpoint.updated', endpoint, { changed: Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined) });
    }
    if (enabled !== undefined) {
      const actor = actorOf(requireGrant(request).principal);
      const result = await setEndpointEnabled(db, workspace.id, id, enabled, enabled ? null : `Disabled by ${actor.label}.`, ctx.now());
      endpoint = result.endpoint ?? endpoint;
      if (result.changed) {
        await audit(request, workspace.id, enabled ? 'webhook_endpoint.enabled' : 'webhook_endpoint.disabled', endpoint);
        if (enabled) ctx.wakeWebhooks?.();
      }
    }
    const listed = (await listEndpoints(db, workspace.id)).find((e) => e.id === id);
    return { endpoint: endpointView(listed ?? endpoint) };
  });

  r.delete('/v1/webhook-endpoints/:id', {
    config,
    schema: { tags, summary: 'Remove an endpoint and its delivery log', params: idParams, querystring: z.object(scoped), response: { 204: z.null().describe('deleted'), ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const deleted = await deleteEndpoint(db, workspace.id, request.params.id);
    if (!deleted) throw endpointNotFound(request.params.id);
    await audit(request, workspace.id, 'webhook_endpoint.deleted', deleted);
    return reply.status(204).send(null);
  });

  r.post('/v1/webhook-endpoints/:id/rotate-secret', {
    config,
    schema: { tags, summary: 'Replace the signing secret (the new one is answered this once)', params: idParams, querystring: z.object(scoped), response: { 200: webhookEndpointWithSecret, ...errors, 503: errorBody } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    mustSeal();
    const secret = newSigningSecret();
    const endpoint = await rotateEndpointSecret(db, ctx.box, workspace.id, request.params.id, secret, ctx.now());
    if (!endpoint) throw endpointNotFound(request.params.id);
    await audit(request, workspace.id, 'webhook_endpoint.secret_rotated', endpoint);
    return { endpoint: endpointView(endpoint), secret };
  });

  r.post('/v1/webhook-endpoints/:id/test', {
    config,
    schema: { tags, summary: 'Send a webhook.test event now and answer with the attempt', params: idParams, querystring: z.object(scoped), response: { 200: webhookDeliveryAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const delivery = await sendTestEvent(deps, workspace.id, request.params.id);
    if (!delivery) throw endpointNotFound(request.params.id);
    return { delivery: deliveryView(delivery) };
  });

  r.get('/v1/webhook-endpoints/:id/deliveries', {
    config,
    schema: { tags, summary: "An endpoint's deliveries, newest first, each with its attempts (request, response, timing)", params: idParams, querystring: deliveriesQuery, response: { 200: webhookDeliveryList, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    if (!(await findEndpoint(db, workspace.id, request.params.id))) throw endpointNotFound(request.params.id);
    const list = await listDeliveries(db, workspace.id, { endpointId: request.params.id, limit: request.query.limit, ...(request.query.status ? { status: request.query.status } : {}) });
    return { data: list.map(deliveryView) };
  });

  r.post('/v1/webhook-deliveries/:id/replay', {
    config,
    schema: { tags, summary: 'Send a delivery again now (a new attempt in its log) and answer with it', params: idParams, querystring: z.object(scoped), response: { 200: webhookDeliveryAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const delivery = await replayDelivery(deps, workspace.id, request.params.id);
    if (!delivery) throw new ApiError('RVP_WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery with id ${request.params.id} in this workspace.`);
    return { delivery: deliveryView(delivery) };
  });
}
