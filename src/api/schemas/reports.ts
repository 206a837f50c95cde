// Request pieces of the reports routes: the query of GET /v1/reports/{kind}, the path parameters,
// and which format a request asks for (`?format=`, else the Accept header). Bodies and answers are
// the contract's (src/read/reports/contract.ts), shared with the Reports screen.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REPORT_FORMATS, type ReportFormat } from '../../read/reports/contract.js';
import { idParam } from '../text-schema.js';
import { asOfParam, currencyParam, scoped } from './common.js';
import { preferredFormat } from '../accept.js';

export const reportReadQuery = z.object({
  ...scoped,
  period: z.string().trim().min(1).max(20).optional()
    .describe('The period: a day (2026-12-01) for daily, an ISO week (2026-W48) for weekly, a month (2026-11) for board, a period of its granularity for a custom report; default the last complete one'),
  format: z.enum(REPORT_FORMATS).optional()
    .describe('json (default), html (the e-mail body, inline), pdf, xlsx or csv (attachments; these need exports:create and are audited). Without it the Accept header chooses'),
  asOf: asOfParam,
  currency: currencyParam.optional().describe("The reporting currency (default the workspace's; its FX rates must be stored)"),
});

export const reportKindParams = z.object({ kind: idParam.describe('daily, weekly, board or a custom report id (rpt_…)') });
export const reportIdParams = z.object({ id: idParam });

export const reportDeliveryQuery = z.object({
  ...scoped,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional().describe("The previous page's nextCursor"),
  report: z.string().min(1).max(80).optional().describe('Only the deliveries of this report (daily, weekly, board or a custom report id)'),
});

const MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

/** `?format=` when given, else the format whose media type the Accept header prefers (highest q,
 *  then the order written); JSON when it names none of ours (a browser's or `*\/*`). */
export function requestedFormat(request: FastifyRequest, format: ReportFormat | undefined): ReportFormat {
  if (format !== undefined) return format;
  return preferredFormat(request.headers.accept, MEDIA_TYPES) ?? 'json';
}
