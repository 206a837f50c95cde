// API keys of a workspace: listed without their secret, created (the token is in this one
// response and nowhere else), revoked.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createApiKey } from '../../accounts/api-keys.js';
import { recordAudit } from '../../accounts/security-log.js';
import { listApiKeys, revokeApiKey, findApiKey } from '../../store/api-keys-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { API_KEY_ROLES, mayGrant } from '../../accounts/permissions.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { idParam, text } from '../text-schema.js';

const createBody = z.object({ name: text(100).transform((s) => s.trim()).pipe(z.string().min(1)), role: z.enum(API_KEY_ROLES) });
const keyParams = z.object({ keyId: idParam });

export async function apiKeyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const options = { bodyLimit: SMALL_BODY, config: { access: 'keys:manage' as const } };

  app.get('/v1/api-keys', options, async (request) => {
    const { workspace } = requireGrant(request);
    return { data: await listApiKeys(ctx.store.db, workspace.id) };
  });

  app.post('/v1/api-keys', options, async (request, reply) => {
    const { workspace, role, principal } = requireGrant(request);
    const body = createBody.parse(request.body);
    if (!mayGrant(role, body.role)) throw new ApiError('RVP_FORBIDDEN', `Your role (${role}) cannot create a key with the ${body.role} role.`);
    const created = await createApiKey(ctx.store.db, {
      workspaceId: workspace.id, name: body.name, role: body.role, createdBy: principal.kind === 'user' ? principal.userId : null, now: ctx.now(),
    });
    await recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'api_key.created',
      target: { type: 'api_key', id: created.key.id, label: created.key.name }, detail: { role: body.role }, meta: requestMeta(request), at: ctx.now(),
    });
    return reply.status(201).send(created);
  });

  app.delete('/v1/api-keys/:keyId', options, async (request) => {
    const { workspace, principal } = requireGrant(request);
    const { keyId } = keyParams.parse(request.params);
    if (!(await revokeApiKey(ctx.store.db, workspace.id, keyId, ctx.now()))) throw new ApiError('RVP_NOT_FOUND', 'No active API key with this id in the workspace.');
    const key = await findApiKey(ctx.store.db, workspace.id, keyId);
    await recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'api_key.revoked',
      target: { type: 'api_key', id: keyId, label: key?.name ?? null }, meta: requestMeta(request), at: ctx.now(),
    });
    return { key };
  });
}
