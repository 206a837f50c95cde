// What the metrics routes share: the reporting currency and its FX table, the clock (today, and
// the as-of instant a request reads at), turning a missing FX rate into RVP_FX_RATE_MISSING, and
// answering JSON or an export (CSV, Excel, PDF).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MissingFxRateError, type FxTable } from '../../core/fx.js';
import { resolveAsOf, type AsOf } from '../../read/clock.js';
import { loadFx } from '../../read/fx.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { AppContext } from '../context.js';
import { flatten, type Flat } from '../csv.js';
import { exportFormatOf, sendExport, type ExportInput } from '../export.js';
import { ApiError } from '../errors.js';

/** A missing FX rate is the caller's data that is missing, not a server fault. */
export function asFxError(error: unknown): never {
  if (error instanceof MissingFxRateError) {
    throw new ApiError('RVP_FX_RATE_MISSING', `${error.message}: import rates for ${error.currency.toUpperCase()}`);
  }
  throw error;
}

/** Runs a computation, answering a missing FX rate with RVP_FX_RATE_MISSING. */
export function withFx<T>(work: Promise<T>): Promise<T> {
  return work.catch(asFxError);
}

/** The FX table into `currency` (default: the reporting currency). Not awaited at once: callers
 *  pass it on so its rates load while the figures' queries run. */
export function reportingFx(ctx: AppContext, workspace: Workspace, currency?: string): Promise<FxTable> {
  const table = withFx(loadFx(ctx.store.db, workspace.id, currency ?? workspace.reportingCurrency));
  table.catch(() => undefined); // handled where awaited; a request that fails earlier must not leave it unhandled
  return table;
}

export function today(ctx: AppContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

/** The instant a request reads at: its `?asOf=` (asOfParam), else now. */
export function requestAsOf(ctx: AppContext, query: { asOf?: string | undefined }): AsOf {
  return resolveAsOf(query.asOf, ctx.now());
}

/** JSON, or the `rows` as the file the caller asked for (export.ts); `money` declares their amounts. */
export async function answer<T>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  format: string | undefined,
  body: T,
  file: Omit<ExportInput, 'rows'> & { rows: readonly unknown[] },
): Promise<T | FastifyReply> {
  const asked = exportFormatOf(request, format);
  if (!asked) return body;
  return sendExport(ctx, request, reply, asked, { ...file, rows: file.rows.map((row): Flat => flatten(row)) });
}
