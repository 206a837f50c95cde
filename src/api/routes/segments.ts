// Segments (issue 13): GET /v1/segments — the segmentation grid (success:read): per segment its
// count, ARPU, LTV, churn risk, health mix and suggested action, the built-in segments while the
// workspace has none of its own — and POST, PUT /:id, DELETE /:id (settings:write). A segment's
// filters are GET /v1/customers parameters as JSON, validated by the same fields as that route.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { asOfProblem } from '../../read/customers/load.js';
import { segmentAnswer, segmentsResponse } from '../../read/segments/contract.js';
import { loadSegments, segmentView } from '../../read/segments/load.js';
import { newId } from '../../store/ids.js';
import { countSegments, deleteSegment, insertSegment, SegmentNameTaken, updateSegment } from '../../store/segments-repo.js';
import { requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { asOfParam, errorBody, errors, formatParam, scoped } from '../schemas/common.js';
import { answer } from './metrics-shared.js';
import { segmentsExport } from './success-exports.js';
import { customerFilterJson, toCustomerFilters } from '../schemas/customers.js';
import { idParam, text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';

/** Segments one workspace may keep. */
export const MAX_SEGMENTS = 50;

const name = text(80).transform((s) => s.trim()).pipe(z.string().min(1, 'must not be empty'));
const action = text(200).transform((s) => s.trim());
const position = z.number().int().min(0).max(10_000);
const createBody = z.object({ name, filters: customerFilterJson, action: action.default(''), position: position.optional() });
const updateBody = z.object({ name: name.optional(), filters: customerFilterJson.optional(), action: action.optional(), position: position.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give a name, filters, action or position to change', path: ['name'] });
const idParams = z.object({ id: idParam });

const notFound = (id: string) => new ApiError('RVP_SEGMENT_NOT_FOUND', `No segment with id ${id} in this workspace${id.startsWith('builtin-') ? ': built-in segments cannot be changed, create your own' : ''}.`);
const nameTaken = (segmentName: string) => new ApiError('RVP_SEGMENT_EXISTS', `A segment named "${segmentName}" already exists: choose another name.`);

export async function segmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['segments'];
  const write = { access: 'settings:write' as const };

  r.get('/v1/segments', {
    config: { access: 'success:read' },
    schema: { tags, summary: 'The segmentation grid: count, ARPU, LTV, churn risk, health mix and action per segment', querystring: z.object({ ...scoped, asOf: asOfParam, format: formatParam }), response: { 200: segmentsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const asOf = resolveAsOf(request.query.asOf, ctx.now());
    const problem = asOfProblem(asOf, ctx.now());
    if (problem) throw new ApiError('RVP_VALIDATION', `querystring/asOf: ${problem}`);
    const body = await loadSegments(db, workspace, asOf, (filters) => toCustomerFilters(customerFilterJson.parse(filters)), ctx.now());
    return answer(ctx, request, reply, request.query.format, body, segmentsExport(body));
  });

  r.post('/v1/segments', {
    bodyLimit: SMALL_BODY,
    config: write,
    schema: { tags, summary: 'Create a segment', querystring: z.object(scoped), body: createBody, response: { 201: segmentAnswer, ...errors, 409: errorBody } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const count = await countSegments(db, workspace.id);
    if (count >= MAX_SEGMENTS) throw new ApiError('RVP_SEGMENT_LIMIT');
    const principal = requireGrant(request).principal;
    const body = request.body;
    try {
      const segment = await insertSegment(db, {
        id: newId('seg'), workspaceId: workspace.id, name: body.name, filters: body.filters, action: body.action, position: body.position ?? count,
        createdBy: principal.kind === 'user' ? principal.userId : null, now: ctx.now(),
      });
      return reply.status(201).send({ segment: segmentView(segment) });
    } catch (error) {
      if (error instanceof SegmentNameTaken) throw nameTaken(body.name);
      throw error;
    }
  });

  r.put('/v1/segments/:id', {
    bodyLimit: SMALL_BODY,
    config: write,
    schema: { tags, summary: "Change a segment's name, filters, action or position", params: idParams, querystring: z.object(scoped), body: updateBody, response: { 200: segmentAnswer, ...errors, 409: errorBody } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const b = request.body;
    try {
      const updated = await updateSegment(db, {
        workspaceId: workspace.id, id: request.params.id, now: ctx.now(),
        ...(b.name !== undefined ? { name: b.name } : {}), ...(b.filters !== undefined ? { filters: b.filters } : {}),
        ...(b.action !== undefined ? { action: b.action } : {}), ...(b.position !== undefined ? { position: b.position } : {}),
      });
      if (!updated) throw notFound(request.params.id);
      return { segment: segmentView(updated) };
    } catch (error) {
      if (error instanceof SegmentNameTaken) throw nameTaken(b.name ?? '');
      throw error;
    }
  });

  r.delete('/v1/segments/:id', {
    config: write,
    schema: { tags, summary: 'Delete a segment', params: idParams, querystring: z.object(scoped), response: { 204: z.null().describe('deleted'), ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    if (!(await deleteSegment(db, workspace.id, request.params.id))) throw notFound(request.params.id);
    return reply.status(204).send(null);
  });
}
