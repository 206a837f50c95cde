// Sources: list them with their freshness, add a Stripe or PayPal source, remove one, start a sync. Secrets
// go in, never out: responses say only whether a webhook secret and an API key are set.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addPaypalSource, setPaypalWebhookId } from '../../ingest/paypal/source.js';
import { addStripeSource, describeSource, listSourcesWithSecretFlags, removeSource, SourceInputError } from '../../ingest/sources.js';
import { sourceFreshness } from '../../ingest/freshness.js';
import { SecretKeyMissingError } from '../../store/secret-box.js';
import { loadSyncStatus, loadSyncStatuses } from '../../store/source-sync-repo.js';
import { countDeadLetters } from '../../store/raw-events-repo.js';
import { createSyncRunner } from '../../jobs/sync-runner.js';
import { createSyncStatusPublisher } from '../../live/publish-sync-status.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { resolveWorkspace } from '../workspace-param.js';
import { sourceCreated, sourceList, syncStarted } from '../../read/settings/contract.js';

const tags = ['sources'];

const params = z.object({ id: z.string().min(1).max(100) });

const stripeBody = z.object({
  provider: z.literal('stripe'),
  name: z.string().trim().min(1).max(100),
  webhookSecret: z.string().min(1).max(200),
  apiKey: z.string().min(1).max(300).nullish(),
  mode: z.enum(['test', 'live']).nullish(),
});

const paypalBody = z.object({
  provider: z.literal('paypal'),
  name: z.string().trim().min(1).max(100),
  clientId: z.string().min(1).max(300),
  clientSecret: z.string().min(1).max(300),
  // Optional: set it later with PATCH /v1/sources/:id once the PayPal webhook exists.
  webhookId: z.string().trim().max(100).nullish(),
  sandbox: z.boolean().nullish(),
});

const updateBody = z.object({ webhookId: z.string().trim().min(1).max(100) }).strict();

const createBody = z.discriminatedUnion('provider', [stripeBody, paypalBody], { error: 'must be stripe or paypal' });

const syncBody = z.object({ full: z.boolean().default(false) }).default({ full: false });

export async function sourceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const db = ctx.store.db;
  const runner = createSyncRunner({
    store: ctx.store,
    box: ctx.box,
    logger: ctx.logger,
    now: ctx.now,
    stripeApiUrl: ctx.config.stripeApiUrl,
    paypalApiUrl: ctx.config.paypalApiUrl,
    onStored: ctx.wakeIngest,
    publishStatus: createSyncStatusPublisher(ctx.bus),
  });
  app.addHook('onClose', () => runner.stop());
  const baseUrl = () => ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;

  const view = async (workspaceId: string, sourceId: string) => {
    const source = (await listSourcesWithSecretFlags(db, workspaceId)).find((s) => s.id === sourceId);
    if (!source) throw new ApiError('RVP_SOURCE_NOT_FOUND', `No source with id ${sourceId} in this workspace.`);
    return { source, status: await loadSyncStatus(db, { workspaceId, sourceId }) };
  };

  app.get('/v1/sources', { config: { access: 'sources:read' }, schema: { tags, summary: 'The sources of a workspace, their freshness and sync', response: { 200: sourceList } } }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const sources = await listSourcesWithSecretFlags(db, workspace.id);
    const statuses = await loadSyncStatuses(db, workspace.id);
    const dead = await countDeadLetters(db, workspace.id);
    const now = ctx.now();
    return { data: sources.map((s) => describeSource(s, statuses.get(s.id), { now, baseUrl: baseUrl(), deadLetters: dead.get(s.id) ?? 0 })) };
  });

  app.post('/v1/sources', { config: { access: 'sources:write' }, schema: { tags, summary: 'Add a Stripe or PayPal account', response: { 201: sourceCreated } } }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const body = createBody.parse(request.body ?? {});
    try {
      const created = body.provider === 'paypal'
        ? await addPaypalSource(db, ctx.box, { ...body, workspaceId: workspace.id })
        : await addStripeSource(db, ctx.box, { ...body, workspaceId: workspace.id });
      const canSync = body.provider === 'paypal' || Boolean(body.apiKey);
      request.log.info({ sourceId: created.id, workspaceId: workspace.id, provider: body.provider, hasApiKey: canSync }, 'source added');
      // With an API key (PayPal: the client secret), history starts coming in at once (the heartbeat would also start it).
      if (canSync) void runner.start({ workspaceId: workspace.id, sourceId: created.id, kind: 'full' });
      const { source, status } = await view(workspace.id, created.id);
      return reply.status(201).send({ source: describeSource(source, status, { now: ctx.now(), baseUrl: baseUrl() }) });
    } catch (error) {
      if (error instanceof SourceInputError) throw new ApiError('RVP_VALIDATION', error.message);
      if (error instanceof SecretKeyMissingError) throw new ApiError('RVP_SECRET_KEY_MISSING');
      throw error;
    }
  });

  app.patch('/v1/sources/:id', { config: { access: 'sources:write' }, schema: { tags, summary: "Set a PayPal source's webhook id", response: { 200: sourceCreated } } }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { id } = params.parse(request.params);
    const { webhookId } = updateBody.parse(request.body ?? {});
    try {
      if (!(await setPaypalWebhookId(db, workspace.id, id, webhookId))) throw new ApiError('RVP_SOURCE_NOT_FOUND', `No PayPal source with id ${id} in this workspace.`);
    } catch (error) {
      if (error instanceof SourceInputError) throw new ApiError('RVP_VALIDATION', error.message);
      throw error;
    }
    request.log.info({ sourceId: id, workspaceId: workspace.id }, 'paypal webhook id set');
    const { source, status } = await view(workspace.id, id);
    return reply.status(200).send({ source: describeSource(source, status, { now: ctx.now(), baseUrl: baseUrl() }) });
  });

  app.delete('/v1/sources/:id', { config: { access: 'sources:write' } }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { id } = params.parse(request.params);
    if (!(await removeSource(db, workspace.id, id))) throw new ApiError('RVP_SOURCE_NOT_FOUND', `No source with id ${id} in this workspace.`);
    request.log.info({ sourceId: id, workspaceId: workspace.id }, 'source removed');
    return reply.status(204).send();
  });

  app.post('/v1/sources/:id/sync', { config: { access: 'sources:sync' }, schema: { tags, summary: 'Pull what changed in Stripe or PayPal now', response: { 202: syncStarted } } }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { id } = params.parse(request.params);
    const { full } = syncBody.parse(request.body ?? undefined);
    const { source, status } = await view(workspace.id, id);
    if ((source.provider !== 'stripe' && source.provider !== 'paypal') || !source.hasApiKey) throw new ApiError('RVP_SOURCE_NO_API_KEY');
    if (sourceFreshness({ ...source, runningSince: status.runningSince }, ctx.now()) === 'syncing') throw new ApiError('RVP_SYNC_IN_PROGRESS');
    const kind = full ? 'full' : 'auto';
    void runner.start({ workspaceId: workspace.id, sourceId: id, kind });
    return reply.status(202).send({
      sync: { sourceId: id, kind: full || status.status !== 'done' ? 'full' : 'incremental', startedAt: ctx.now().toISOString() },
    });
  });
}
