// GET and PUT /v1/settings/workspace: the reporting currency and the metric-definitions preset
// (and, read-only here, the MRR target: PUT /v1/settings/mrr-target changes it). Changing the
// currency or the preset rebuilds the workspace's ledgers and derived tables before answering,
// so every figure is in the new terms when the call returns. A currency is offered only when
// the stored FX rates convert every currency the workspace bills in into it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { PRESET_NAMES } from '../../core/presets.js';
import { loadFx } from '../../engine/period-series.js';
import { rebuildWorkspace } from '../../engine/recompute.js';
import { findWorkspace, type Workspace } from '../../store/workspaces-repo.js';
import { billingCurrencies } from '../../store/fx-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, errors, scoped } from '../schemas/common.js';

const presetEnum = z.enum(PRESET_NAMES as ['default', 'stripe', 'chartmogul']);

const settingsResponse = z.object({
  name: z.string(),
  reportingCurrency: z.string(),
  preset: presetEnum,
  mrrTarget: z.number().int().nullable(),
  billingCurrencies: z.array(z.string()).describe('the currencies the workspace bills in'),
  reportingCurrencies: z.array(z.string()).describe('the currencies the stored FX rates can report in'),
});
const updateBody = z
  .object({ reportingCurrency: currencyParam.optional(), preset: presetEnum.optional() })
  .refine((b) => b.reportingCurrency !== undefined || b.preset !== undefined, { message: 'give a reportingCurrency or a preset', path: ['reportingCurrency'] });

/** The first billing currency the rates into `currency` cannot convert, or null. */
async function unconvertible(ctx: AppContext, workspaceId: string, currency: string, billing: readonly string[]): Promise<string | null> {
  const fx = await loadFx(ctx.store.db, workspaceId, currency);
  const known = new Set([fx.reportingCurrency, ...fx.currencies]);
  return billing.find((from) => !known.has(from)) ?? null;
}

async function describe(ctx: AppContext, workspace: Workspace) {
  const billing = await billingCurrencies(ctx.store.db, workspace.id);
  const quotes = await ctx.store.db.selectFrom('fx_rates').select(['currency', 'quote_currency']).distinct().where('workspace_id', '=', workspace.id).execute();
  const candidates = [...new Set([workspace.reportingCurrency, ...billing, ...quotes.flatMap((q) => (q.currency === 'eur' ? ['eur', q.quote_currency] : [q.quote_currency]))])].sort();
  const reportable: string[] = [];
  for (const c of candidates) if ((await unconvertible(ctx, workspace.id, c, billing)) === null) reportable.push(c);
  return {
    name: workspace.name,
    reportingCurrency: workspace.reportingCurrency,
    preset: workspace.preset,
    mrrTarget: workspace.mrrTarget,
    billingCurrencies: billing,
    reportingCurrencies: reportable.includes(workspace.reportingCurrency) ? reportable : [workspace.reportingCurrency, ...reportable],
  };
}

export async function workspaceSettingsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/settings/workspace', {
    config: { access: 'metrics:read' },
    schema: { tags: ['settings'], summary: 'The reporting currency, definitions preset and MRR target', querystring: z.object(scoped), response: { 200: settingsResponse, ...errors } },
  }, async (request) => describe(ctx, await resolveWorkspace(ctx.store.db, request)));

  r.put('/v1/settings/workspace', {
    bodyLimit: SMALL_BODY,
    config: { access: 'settings:write' },
    schema: {
      tags: ['settings'],
      summary: 'Change the reporting currency or the definitions preset (rebuilds every figure)',
      querystring: z.object(scoped),
      body: updateBody,
      response: { 200: settingsResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const next = { reportingCurrency: request.body.reportingCurrency ?? workspace.reportingCurrency, preset: request.body.preset ?? workspace.preset };
    if (next.reportingCurrency === workspace.reportingCurrency && next.preset === workspace.preset) return describe(ctx, workspace);
    if (next.reportingCurrency !== workspace.reportingCurrency) {
      const missing = await unconvertible(ctx, workspace.id, next.reportingCurrency, await billingCurrencies(ctx.store.db, workspace.id));
      if (missing) throw new ApiError('RVP_FX_RATE_MISSING', `no FX rate from ${missing} to ${next.reportingCurrency}: import rates for ${missing.toUpperCase()} into ${next.reportingCurrency.toUpperCase()} first`);
    }
    await ctx.store.db.updateTable('workspaces').set({ reporting_currency: next.reportingCurrency, preset: next.preset }).where('workspace_id', '=', workspace.id).execute();
    const updated = (await findWorkspace(ctx.store.db, workspace.id))!;
    const { customers } = await rebuildWorkspace(ctx.store.db, updated, ctx.now());
    const { principal } = requireGrant(request);
    await recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'settings.workspace_updated',
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
      detail: { from: { reportingCurrency: workspace.reportingCurrency, preset: workspace.preset }, to: next, rebuiltCustomers: customers },
      meta: requestMeta(request), at: ctx.now(),
    });
    return describe(ctx, updated);
  });
}
