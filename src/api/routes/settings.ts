// PUT /v1/settings/mrr-target: the monthly MRR target the summary measures progress against
// (minor units of the reporting currency; null removes it). Written to the audit log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import type { AppContext } from '../context.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errors, scoped } from '../schemas/common.js';

const targetBody = z.object({ mrrTarget: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable() });

export async function settingsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put('/v1/settings/mrr-target', {
    bodyLimit: SMALL_BODY,
    config: { access: 'settings:write' },
    schema: { tags: ['settings'], summary: 'Set or remove the monthly MRR target', querystring: z.object(scoped), body: targetBody, response: { 200: targetBody, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const { mrrTarget } = request.body;
    await ctx.store.db.updateTable('workspaces').set({ mrr_target: mrrTarget }).where('workspace_id', '=', workspace.id).execute();
    const { principal } = requireGrant(request);
    await recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'settings.mrr_target_updated',
      target: { type: 'workspace', id: workspace.id, label: workspace.name }, detail: { from: workspace.mrrTarget, to: mrrTarget }, meta: requestMeta(request), at: ctx.now(),
    });
    return { mrrTarget };
  });
}
