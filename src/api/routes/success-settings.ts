// GET and PUT /v1/settings/success: the workspace's customer-success settings — health weights,
// component parameters, bands, key features, onboarding milestones. PUT takes any of the sections
// (and any of the components' parameter sets), lays them over the current settings and stores the
// whole once it passes src/core/success-settings.ts (a clear error naming the field otherwise).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as zm from 'zod/mini';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { DEFAULT_SUCCESS_SETTINGS, successSettingsSchema, type SuccessSettings } from '../../core/success-settings.js';
import { successSettingsResponse, type SuccessSettingsResponse } from '../../read/health/contract.js';
import { readSuccessSettings, saveSuccessSettings, type StoredSuccessSettings } from '../../store/success-settings-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errors, scoped } from '../schemas/common.js';

const sections = successSettingsSchema.shape;
const parts = sections.components.shape;

/** Any of the sections; within components, any of the components. Each given part is whole. */
const updateBody = zm.strictObject({
  weights: zm.optional(sections.weights),
  bands: zm.optional(sections.bands),
  components: zm.optional(zm.strictObject({
    usage: zm.optional(parts.usage), engagement: zm.optional(parts.engagement), support: zm.optional(parts.support),
    payment: zm.optional(parts.payment), adoption: zm.optional(parts.adoption),
  })),
  keyFeatures: zm.optional(sections.keyFeatures),
  onboarding: zm.optional(sections.onboarding),
});
type UpdateBody = zm.infer<typeof updateBody>;

function view(stored: StoredSuccessSettings): SuccessSettingsResponse {
  return { settings: stored.settings, defaults: DEFAULT_SUCCESS_SETTINGS, updatedAt: stored.updatedAt?.toISOString() ?? null, updatedBy: stored.updatedBy };
}

/** The body laid over the current settings. */
export function applyUpdate(current: SuccessSettings, body: UpdateBody): unknown {
  const components = Object.fromEntries(Object.entries(body.components ?? {}).filter(([, v]) => v !== undefined));
  const top = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== 'components' && v !== undefined));
  return { ...current, ...top, components: { ...current.components, ...components } };
}

export async function successSettingsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/settings/success', {
    config: { access: 'success:read' },
    schema: {
      tags: ['customer success'], summary: 'Health weights, component parameters, bands, key features and onboarding milestones',
      querystring: z.object(scoped), response: { 200: successSettingsResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    return view(await readSuccessSettings(ctx.store.db, workspace.id));
  });

  r.put('/v1/settings/success', {
    bodyLimit: SMALL_BODY,
    config: { access: 'settings:write' },
    schema: {
      tags: ['customer success'],
      summary: 'Change the customer-success settings: any section, laid over the current ones (weights must sum to 100)',
      querystring: z.object(scoped), body: updateBody, response: { 200: successSettingsResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const current = await readSuccessSettings(ctx.store.db, workspace.id);
    const parsed = successSettingsSchema.safeParse(applyUpdate(current.settings, request.body));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError('RVP_VALIDATION', `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`);
    }
    const { principal } = requireGrant(request);
    const actor = actorOf(principal);
    const at = ctx.now();
    await saveSuccessSettings(ctx.store.db, workspace.id, parsed.data, actor.label, at);
    await recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor, action: 'settings.success_updated',
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
      detail: { changed: Object.keys(request.body) },
      meta: requestMeta(request), at,
    });
    return view(await readSuccessSettings(ctx.store.db, workspace.id));
  });
}
