// Subscription imports for scripts and the Settings upload: POST /v1/import (the file itself as
// the body, CSV or JSON lines; ?dryRun=true checks it and previews it, writing nothing) and
// GET /v1/imports (the history). Parse, authorise, call runImport, answer the import contract.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { ImportInputError, runImport } from '../../ingest/import/run-import.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../ingest/import/types.js';
import { importList, importResult } from '../../read/imports/contract.js';
import { loadImportHistory } from '../../read/imports/load.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errors, scoped } from '../schemas/common.js';
import { text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { decodeUtf8File } from './import-body.js';
import { importResultOf } from './import-answer.js';

/** The largest file one upload takes (RVP_IMPORT_TOO_LARGE names it). */
export const IMPORT_FILE_LIMIT = 50 * 1024 * 1024;

/** Content types a file may come as, and the format each says (null: ask ?format or the file name). */
const MEDIA_TYPES: Readonly<Record<string, ImportFormat | null>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/json': 'jsonl',
  'text/plain': null,
  'application/octet-stream': null,
};

const flag = z.enum(['true', 'false']).optional();
const importQuery = z.object({
  ...scoped,
  source: text(100).refine((v) => v.trim() !== '', 'must not be blank').default('Import').describe('the import source, by name (created when missing)'),
  format: z.enum(IMPORT_FORMATS).optional().describe('csv or jsonl; default: from the Content-Type, else the file name'),
  dryRun: flag.describe('true: check the file and preview it, write nothing'),
  skipInvalid: flag.describe('true: import the valid rows even when some lines are bad'),
  fileName: text(255).optional().describe('the file name, for the history (and its extension says the format)'),
});

/** The file's format: said by ?format, else by its Content-Type, else by its name's extension. */
export function importFormatOf(input: { format?: ImportFormat | undefined; contentType?: string | undefined; fileName?: string | undefined }): ImportFormat | null {
  if (input.format) return input.format;
  const mediaType = (input.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const byType = MEDIA_TYPES[mediaType];
  if (byType) return byType;
  const extension = /\.([a-z]+)$/i.exec(input.fileName ?? '')?.[1]?.toLowerCase();
  if (extension === 'csv') return 'csv';
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  return null;
}

function fileOf(request: FastifyRequest): string {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiError('RVP_IMPORT_INVALID', 'The file is empty: send it as the request body.');
  const content = decodeUtf8File(body);
  if (!content.ok) throw new ApiError('RVP_IMPORT_ENCODING', `The file is not valid UTF-8 (line ${content.line}): save it as UTF-8 and send it again; nothing was stored.`);
  if (content.text.trim() === '') throw new ApiError('RVP_IMPORT_INVALID', 'The file holds only blank lines.');
  return content.text;
}

export async function importRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  // This scope reads every accepted body as bytes: JSON lines sent as application/json included.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(Object.keys(MEDIA_TYPES), { parseAs: 'buffer', bodyLimit: IMPORT_FILE_LIMIT }, (_request, body, done) => done(null, body));
  // Fastify's own answers for a file too large or of another type, in the words of an import.
  app.setErrorHandler((error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new ApiError('RVP_IMPORT_TOO_LARGE');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      throw new ApiError('RVP_IMPORT_FORMAT', `Send the file as text/csv or application/x-ndjson (JSON lines), not ${error.message.replace(/^Unsupported Media Type:?\s*/i, '') || 'this content type'}.`);
    }
    throw error;
  });

  r.post('/v1/import', {
    bodyLimit: IMPORT_FILE_LIMIT,
    config: { access: 'sources:write' },
    schema: {
      tags: ['sources'],
      summary: 'Import subscriptions from a CSV or JSON-lines file (docs/import.md); 422 with the same answer when a line is bad',
      querystring: importQuery,
      response: { ...errors, 200: importResult, 422: importResult, 413: errors[400], 415: errors[400] },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const format = importFormatOf({ format: q.format, contentType: request.headers['content-type'], fileName: q.fileName });
    if (!format) throw new ApiError('RVP_IMPORT_FORMAT');
    const content = fileOf(request);
    const { principal } = requireGrant(request);
    const actor = actorOf(principal);
    const dryRun = q.dryRun === 'true';
    let summary;
    try {
      summary = await runImport(ctx.store, content, {
        workspaceId: workspace.id, sourceName: q.source, fileName: q.fileName ?? null, format, dryRun, skipInvalid: q.skipInvalid === 'true', createdBy: actor.label,
        // The server's ingest worker applies the rows (woken below): the answer does not wait for the ledger.
        apply: 'queue',
        now: ctx.now,
      });
    } catch (error) {
      if (error instanceof ImportInputError) throw new ApiError('RVP_IMPORT_INVALID', error.message);
      throw error;
    }
    if (summary.status === 'failed') {
      request.log.error({ workspaceId: workspace.id, importId: summary.importId, failure: summary.failure }, 'subscription import failed');
      throw new ApiError('RVP_IMPORT_FAILED', `Import ${summary.importId} failed (the import history lists it); the server log says why.`);
    }
    if (!dryRun && summary.status === 'completed') {
      ctx.wakeIngest();
      await recordAudit(db, {
        workspaceIds: [workspace.id], actor, action: 'sources.subscriptions_imported',
        target: { type: 'source', id: summary.sourceId, label: q.source },
        detail: { importId: summary.importId, fileName: q.fileName ?? null, format: summary.format, rows: summary.rows, valid: summary.valid, invalid: summary.invalid, eventsNew: summary.eventsNew, eventsChanged: summary.eventsChanged },
        meta: requestMeta(request), at: ctx.now(),
      });
    }
    request.log.info({ workspaceId: workspace.id, importId: summary.importId, status: summary.status, dryRun, rows: summary.rows, invalid: summary.invalid }, 'subscription import');
    return reply.status(summary.status === 'refused' && !dryRun ? 422 : 200).send(importResultOf(summary));
  });

  r.get('/v1/imports', {
    config: { access: 'sources:read' },
    schema: { tags: ['sources'], summary: 'The last 50 subscription imports, newest first', querystring: z.object(scoped), response: { 200: importList, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return { data: await loadImportHistory(db, workspace.id) };
  });
}
