// GET and PUT /v1/settings/workspace: the reporting currency and the metric-definitions preset
// (and, read-only here, the MRR target: PUT /v1/settings/mrr-target changes it). Changing the
// currency or the preset starts a background rebuild of the workspace's ledgers and derived
// tables (202, with the job; GET shows its progress): the request never holds the rebuild, and
// events arriving meanwhile apply after it (jobs/rebuild-runner.ts). A currency is offered only
// when the stored FX rates convert every currency the workspace bills in into it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { PRESET_NAMES } from '../../core/presets.js';
import { loadFx } from '../../read/fx.js';
import { createRebuildRunner, type RebuildRunner } from '../../jobs/rebuild-runner.js';
import type { RebuildJob } from '../../store/rebuild-jobs-repo.js';
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
  rebuild: z
    .object({
      id: z.string(), reason: z.string(), status: z.enum(['running', 'done', 'failed']), done: z.number().int(), total: z.number().int().nullable(),
      error: z.string().nullable(), startedAt: z.string(), finishedAt: z.string().nullable(),
    })
    .nullable()
    .describe('the latest rebuild of the figures (after a change of currency or preset), with its progress in customers'),
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

async function describe(ctx: AppContext, workspace: Workspace, runner: RebuildRunner) {
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
    rebuild: rebuildView(await runner.latest(workspace.id)),
  };
}

function rebuildView(job: RebuildJob | null) {
  return job ? { ...job, startedAt: job.startedAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null } : null;
}

export async function workspaceSettingsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const runner = createRebuildRunner({ store: ctx.store, logger: ctx.logger, now: ctx.now });
  app.addHook('onClose', () => runner.stop());

  r.get('/v1/settings/workspace', {
    config: { access: 'metrics:read' },
    schema: { tags: ['settings'], summary: 'The reporting currency, definitions preset and MRR target', querystring: z.object(scoped), response: { 200: settingsResponse, ...errors } },
  }, async (request) => describe(ctx, await resolveWorkspace(ctx.store.db, request), runner));

  r.put('/v1/settings/workspace', {
    bodyLimit: SMALL_BODY,
    config: { access: 'settings:write' },
    schema: {
      tags: ['settings'],
      summary: 'Change the reporting currency or the definitions preset (starts a background rebuild of every figure: 202)',
      querystring: z.object(scoped),
      body: updateBody,
      response: { 200: settingsResponse, 202: settingsResponse, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const next = { reportingCurrency: request.body.reportingCurrency ?? workspace.reportingCurrency, preset: request.body.preset ?? workspace.preset };
    if (next.reportingCurrency === workspace.reportingCurrency && next.preset === workspace.preset) return describe(ctx, workspace, runner);
    if ((await runner.latest(workspace.id))?.status === 'running') throw new ApiError('RVP_REBUILD_IN_PROGRESS');
    if (next.reportingCurrency !== workspace.reportingCurrency) {
      const missing = await unconvertible(ctx, workspace.id, next.reportingCurrency, await billingCurrencies(ctx.store.db, workspace.id));
      if (missing) throw new ApiError('RVP_FX_RATE_MISSING', `no FX rate from ${missing} to ${next.reportingCurrency}: import rates for ${missing.toUpperCase()} into ${next.reportingCurrency.toUpperCase()} first`);
    }
    await ctx.store.db.updateTable('workspaces').set({ reporting_currency: next.reportingCurrency, preset: next.preset }).where('workspace_id', '=', workspace.id).execute();
    const updated = (await findWorkspace(ctx.store.db, workspace.id))!;
    const reason = next.preset !== workspace.preset ? `definitions preset ${workspace.preset} → ${next.preset}` : `reporting currency ${workspace.reportingCurrency.toUpperCase()} → ${next.reportingCurrency.toUpperCase()}`;
    const { job } = await runner.start(updated, reason);
    const { principal } = requireGrant(request);
    await recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'settings.workspace_updated',
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
      detail: { from: { reportingCurrency: workspace.reportingCurrency, preset: workspace.preset }, to: next, rebuildJob: job.id },
      meta: requestMeta(request), at: ctx.now(),
    });
    // The job as it started (a small workspace may finish before this answers; GET tells).
    return reply.status(202).send({ ...(await describe(ctx, updated, runner)), rebuild: rebuildView(job) });
  });
}
