// Reports (issue 14): GET /v1/reports (built-in and custom), GET /v1/reports/:kind in json, html,
// pdf, xlsx or csv, custom report definitions (report-custom.ts), schedules, the delivery log and
// "Send now" (report-delivery.ts). A report is built once (src/reports/build.ts) and rendered into
// the format asked for (src/reports/render): the same document whatever the format.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { BUILTIN_REPORTS, reportDocument, reportListResponse, type ReportFormat, type ReportListResponse } from '../../read/reports/contract.js';
import { buildReport, ReportNotFound } from '../../reports/build.js';
import { BUILTIN_GRANULARITY, lastCompletePeriod, ReportPeriodError } from '../../reports/period.js';
import { renderReport, type RenderedFile } from '../../reports/render/index.js';
import { listCustomReports } from '../../reports/custom-reports.js';
import type { AppContext } from '../context.js';
import { auditExport, authoriseExport } from '../csv.js';
import { ApiError } from '../errors.js';
import { errors, scoped } from '../schemas/common.js';
import { reportKindParams, reportReadQuery, requestedFormat } from '../schemas/reports.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asFxError } from './metrics-shared.js';
import { BUILTIN_CATALOG, reportNotFound } from './report-catalog.js';
import { customReportRoutes } from './report-custom.js';
import { reportDeliveryRoutes } from './report-delivery.js';

/** The HTML preview is framed by the dashboard (same origin) and may load nothing: its charts are
 *  data: images and its styles inline. */
export const REPORT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

const FILE_FORMATS: ReadonlySet<ReportFormat> = new Set(['pdf', 'xlsx', 'csv']);

/** The file's headers: inline HTML under its own CSP, the other files as attachments. */
function sendFile(reply: FastifyReply, file: RenderedFile): FastifyReply {
  const filename = file.filename.replace(/[^\w.-]/g, '_');
  void reply.header('content-type', file.contentType).header('cache-control', 'private, no-store');
  if (file.format === 'html') {
    void reply
      .header('content-disposition', `inline; filename="${filename}"`)
      .header('content-security-policy', REPORT_HTML_CSP)
      .header('x-frame-options', 'SAMEORIGIN');
  } else {
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
  }
  return reply.send(file.body);
}

export async function reportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['reports'];

  r.get('/v1/reports', {
    config: { access: 'metrics:read' },
    schema: { tags, summary: 'The built-in reports (with the period each covers by default) and the custom reports of the workspace', querystring: z.object(scoped), response: { 200: reportListResponse, ...errors } },
  }, async (request): Promise<ReportListResponse> => {
    const workspace = await resolveWorkspace(db, request);
    const now = ctx.now();
    const builtin = BUILTIN_REPORTS.map((kind) => ({ kind, ...BUILTIN_CATALOG[kind], defaultPeriod: lastCompletePeriod(BUILTIN_GRANULARITY[kind], now).key }));
    return { builtin, custom: await listCustomReports(db, workspace.id) };
  });

  r.get('/v1/reports/:kind', {
    config: { access: 'metrics:read' },
    schema: {
      tags,
      summary: 'A report: its document as JSON, the e-mail body as HTML, or a PDF, Excel or CSV file (files need exports:create)',
      params: reportKindParams,
      querystring: reportReadQuery,
      response: { 200: reportDocument, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const format = requestedFormat(request, q.format);
    // Refused before the work of building: a file needs exports:create on top of metrics:read.
    if (FILE_FORMATS.has(format)) await authoriseExport(ctx, request);
    const asOf = resolveAsOf(q.asOf, ctx.now());
    let doc;
    try {
      doc = await buildReport({ db, workspace, now: ctx.now() }, {
        key: request.params.kind, asOf, ...(q.period !== undefined ? { period: q.period } : {}), ...(q.currency !== undefined ? { currency: q.currency } : {}),
      });
    } catch (error) {
      if (error instanceof ReportNotFound) throw reportNotFound(request.params.kind);
      if (error instanceof ReportPeriodError) throw new ApiError('RVP_VALIDATION', `period: ${error.message}`);
      return asFxError(error);
    }
    if (format === 'json') return doc;
    const file = await renderReport(doc, format);
    if (FILE_FORMATS.has(format)) await auditExport(ctx, request, null, format);
    return sendFile(reply, file);
  });

  await customReportRoutes(app, ctx);
  await reportDeliveryRoutes(app, ctx);
}
