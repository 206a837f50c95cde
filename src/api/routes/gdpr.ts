// GDPR requests about one end customer (docs/compliance.md#requests), all compliance:manage:
// POST /v1/gdpr/requests queues an export, anonymise or delete (202; the request job processes
// it), GET /v1/gdpr/requests is the queue (newest first, by status), GET /v1/gdpr/requests/:id
// one request, GET /v1/gdpr/requests/:id/export an export's ZIP while it is kept.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { requestGdpr } from '../../compliance/gdpr-queue.js';
import { GDPR_STATUSES, gdprRequestAnswer, gdprRequestInput, gdprRequestList } from '../../read/gdpr/contract.js';
import { decodeGdprCursor, encodeGdprCursor, gdprRequestViewOf } from '../../read/gdpr/view.js';
import { getGdprRequest, listGdprRequests, readGdprExport } from '../../store/gdpr-requests-repo.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { errorBody, errors, scoped } from '../schemas/common.js';
import { idParam } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';

const tags = ['compliance'];
const access = { access: 'compliance:manage' as const };
const idParams = z.object({ id: idParam });
const scopedQuery = z.object(scoped);
const listQuery = z.object({
  ...scoped,
  status: z.enum(GDPR_STATUSES).optional().describe('Only requests in this state'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional().describe("The previous page's nextCursor"),
});

const notFound = (id: string) => new ApiError('RVP_GDPR_REQUEST_NOT_FOUND', `No GDPR request with id ${id} in this workspace.`);

export async function gdprRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.post('/v1/gdpr/requests', {
    bodyLimit: SMALL_BODY,
    config: access,
    schema: {
      tags, summary: 'Queue an export, anonymisation or deletion of one customer', querystring: scopedQuery, body: gdprRequestInput,
      response: { 202: gdprRequestAnswer, ...errors, 409: errorBody },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const queued = await requestGdpr(db, {
      workspaceId: workspace.id, kind: request.body.kind, customerId: request.body.customerId, requestedBy: actorOf(principal), meta: requestMeta(request), now: ctx.now(),
    });
    ctx.wakeGdpr?.();
    return reply.status(202).send({ request: gdprRequestViewOf(queued, ctx.now()) });
  });

  r.get('/v1/gdpr/requests', {
    config: access,
    schema: { tags, summary: 'The GDPR request queue, newest first', querystring: listQuery, response: { 200: gdprRequestList, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const after = q.cursor !== undefined ? decodeGdprCursor(q.cursor) : undefined;
    if (after === null) throw new ApiError('RVP_VALIDATION', 'cursor: not a cursor this list gave (use nextCursor as it came)');
    const rows = await listGdprRequests(db, workspace.id, { limit: q.limit + 1, ...(q.status ? { status: q.status } : {}), ...(after ? { after } : {}) });
    const page = rows.slice(0, q.limit);
    const now = ctx.now();
    return { data: page.map((row) => gdprRequestViewOf(row, now)), nextCursor: rows.length > q.limit ? encodeGdprCursor(page.at(-1)!) : null };
  });

  r.get('/v1/gdpr/requests/:id', {
    config: access,
    schema: { tags, summary: 'One GDPR request', params: idParams, querystring: scopedQuery, response: { 200: gdprRequestAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const found = await getGdprRequest(db, workspace.id, request.params.id);
    if (!found) throw notFound(request.params.id);
    return { request: gdprRequestViewOf(found, ctx.now()) };
  });

  r.get('/v1/gdpr/requests/:id/export', {
    config: access,
    schema: {
      tags, summary: "An export request's ZIP (JSON and CSV of everything held about the customer)", params: idParams, querystring: scopedQuery,
      response: { 200: z.any().describe('application/zip'), ...errors, 409: errorBody },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const id = request.params.id;
    const file = await readGdprExport(db, workspace.id, id, ctx.now());
    if (!file) throw notFound(id);
    const { request: found, zip } = file;
    if (found.kind === 'export' && (found.status === 'pending' || found.status === 'processing')) {
      throw new ApiError('RVP_GDPR_EXPORT_NOT_READY', `The export of ${found.customerId} is still ${found.status}: download it once the request is completed.`);
    }
    if (!zip) {
      const why = found.kind !== 'export' ? `it is ${found.kind === 'delete' ? 'a deletion' : 'an anonymisation'}, not an export`
        : found.status === 'failed' ? 'the export failed' : 'its file expired (ask for a new export)';
      throw new ApiError('RVP_GDPR_EXPORT_UNAVAILABLE', `Request ${id} has no export to download: ${why}.`);
    }
    const { principal } = requireGrant(request);
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'gdpr.export_downloaded',
      target: { type: 'customer', id: found.customerId }, detail: { requestId: id, bytes: zip.byteLength }, meta: requestMeta(request), at: ctx.now(),
    });
    const filename = `gdpr-${found.customerId}-${found.requestedAt.toISOString().slice(0, 10)}.zip`.replace(/[^\w.-]/g, '_');
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
  });
}
