import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MissingFxRateError } from '../../core/fx.js';
import { computeSummary } from '../../engine/summary.js';
import { MONTH_PATTERN, monthlyReport } from '../../engine/monthly-report.js';
import { loadFxRates } from '../../store/fx-repo.js';
import { latestLiveSeq } from '../../store/live-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { resolveWorkspace } from '../workspace-param.js';

const monthlyQuery = z
  .object({
    from: z.string().regex(MONTH_PATTERN, 'must be YYYY-MM').optional(),
    to: z.string().regex(MONTH_PATTERN, 'must be YYYY-MM').optional(),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code').transform((c) => c.toLowerCase()).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

/** A missing FX rate is the caller's data that is missing, not a server fault. */
function asFxError(error: unknown): never {
  if (error instanceof MissingFxRateError) {
    throw new ApiError('RVP_FX_RATE_MISSING', `${error.message}: import rates for ${error.currency.toUpperCase()}`);
  }
  throw error;
}

export async function metricsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/v1/metrics/summary', { config: { access: 'metrics:read' } }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    // The live sequence number first: a client that connects with ?since=seq then misses nothing.
    const seq = await latestLiveSeq(ctx.store.db, workspace.id);
    const summary = await computeSummary(ctx.store.db, workspace, ctx.now()).catch(asFxError);
    return { ...summary, seq };
  });

  app.get('/v1/metrics/monthly', { config: { access: 'metrics:read' } }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const query = monthlyQuery.parse(request.query);
    const currency = query.currency ?? workspace.reportingCurrency;
    const fxRates = await loadFxRates(ctx.store.db, workspace.id, currency);
    return monthlyReport(ctx.store.db, workspace.id, {
      currency,
      fxRates,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    }).catch(asFxError);
  });
}
