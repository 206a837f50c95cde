// Exchange rates: their status (which currencies convert, how, up to which day, and the MRR no
// rate converts yet), an upload of a rate file (ECB's history CSV or date,currency,rate_to_X)
// with a dry run and line-numbered errors, and fetching the ECB's reference rates now.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { fxStatus } from '../../read/fx-status.js';
import { FxFileError } from '../../ingest/fx/quotes.js';
import { parseRateFile } from '../../ingest/fx/rate-file.js';
import { storeDirectRates, storeEurQuotes } from '../../ingest/fx/store-rates.js';
import { refreshEcbRates } from '../../jobs/fx-refresh.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { resolveWorkspace } from '../workspace-param.js';
import { today } from './metrics-shared.js';

const FILE_LIMIT = 20 * 1024 * 1024; // the ECB's full history CSV is ~2 MB
const importQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });

export async function fxRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const db = ctx.store.db;
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: FILE_LIMIT }, (_req, body, done) => done(null, body));

  app.get('/v1/fx/status', { config: { access: 'metrics:read' } }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return fxStatus(db, workspace, today(ctx));
  });

  app.post('/v1/fx/import', { config: { access: 'settings:write' }, bodyLimit: FILE_LIMIT }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { dryRun } = importQuery.parse(request.query ?? {});
    const text = typeof request.body === 'string' ? request.body : (request.body as { csv?: unknown } | null)?.csv;
    if (typeof text !== 'string' || text.trim() === '') throw new ApiError('RVP_FX_FILE_INVALID', 'Send the rate file as text/csv (or JSON { "csv": "…" }).');
    let parsed;
    try {
      parsed = parseRateFile(text, { fileName: 'the uploaded file' });
    } catch (error) {
      if (error instanceof FxFileError) throw new ApiError('RVP_FX_FILE_INVALID', error.message);
      throw error;
    }
    const kind = 'quotes' in parsed ? 'ecb' : 'direct';
    const rows = 'quotes' in parsed ? parsed.quotes : parsed.rates;
    const currencies = [...new Set(rows.map((r) => r.currency))].sort();
    const days = rows.map((r) => r.day).sort();
    const summary = { kind, rates: rows.length, currencies, from: days[0] ?? null, to: days.at(-1) ?? null };
    if (dryRun === 'true') return { dryRun: true, ...summary, stored: 0 };
    const stored = 'quotes' in parsed ? await storeEurQuotes(db, workspace.id, parsed.quotes, { source: 'import' }) : await storeDirectRates(db, workspace.id, parsed.rates, 'import');
    const { principal } = requireGrant(request);
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'fx.rates_imported',
      target: { type: 'workspace', id: workspace.id, label: workspace.name }, detail: summary, meta: requestMeta(request), at: ctx.now(),
    });
    return { dryRun: false, ...summary, stored };
  });

  app.post('/v1/fx/refresh', { config: { access: 'settings:write' } }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    if (!ctx.config.fxRatesUrl) throw new ApiError('RVP_FX_FETCH_OFF');
    const [report] = await refreshEcbRates({ store: ctx.store, logger: ctx.logger, now: ctx.now, baseUrl: ctx.config.fxRatesUrl }, { workspaceIds: [workspace.id] });
    if (report?.error) throw new ApiError('RVP_FX_FETCH_FAILED', `Could not fetch the ECB reference rates: ${report.error}`);
    return { stored: report?.stored ?? 0, status: await fxStatus(db, workspace, today(ctx)) };
  });
}
