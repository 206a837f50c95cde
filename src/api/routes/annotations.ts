// Chart annotations (/v1/annotations): launches, campaigns, price changes, pinned to a day on the
// revenue charts. Everyone who reads metrics sees them; owners and admins (settings:write) add,
// edit and remove them, and every change is written to the audit log.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { countAnnotations, deleteAnnotation, insertAnnotation, listAnnotations, updateAnnotation, type Annotation } from '../../store/annotations-repo.js';
import { newId } from '../../store/ids.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { idParam, text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { dayParam, errorBody, errors, scoped } from '../schemas/common.js';
import { ANNOTATION_KINDS, annotationAnswer, annotationList } from '../../read/annotations/contract.js';

/** Annotations one workspace may keep. */
export const MAX_ANNOTATIONS = 1000;

const KINDS = ANNOTATION_KINDS;
const title = text(80).transform((s) => s.trim()).pipe(z.string().min(1, 'must not be empty'));
const description = text(500).transform((s) => s.trim() || null).nullable();


const listQuery = z
  .object({ ...scoped, from: dayParam.optional(), to: dayParam.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
const createBody = z.object({ day: dayParam, title, description: description.optional(), kind: z.enum(KINDS).default('other') });
const updateBody = z
  .object({ day: dayParam.optional(), title: title.optional(), description: description.optional(), kind: z.enum(KINDS).optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give a day, title, description or kind to change', path: ['title'] });
const idParams = z.object({ id: idParam });

function view(a: Annotation) {
  return { ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

function notFound(id: string): ApiError {
  return new ApiError('RVP_ANNOTATION_NOT_FOUND', `No annotation with id ${id} in this workspace.`);
}

export async function annotationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['annotations'];
  const write = { access: 'settings:write' as const };
  const audit = async (request: FastifyRequest, workspace: { id: string; name: string }, action: string, a: Annotation, detail: Record<string, unknown>) =>
    recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(requireGrant(request).principal), action, target: { type: 'annotation', id: a.id, label: a.title }, detail, meta: requestMeta(request), at: ctx.now(),
    });

  r.get('/v1/annotations', {
    config: { access: 'metrics:read' },
    schema: { tags, summary: 'The chart annotations of a workspace, by day', querystring: listQuery, response: { 200: annotationList, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const list = await listAnnotations(db, workspace.id, { from: request.query.from, to: request.query.to });
    return { data: list.map(view) };
  });

  r.post('/v1/annotations', {
    bodyLimit: SMALL_BODY,
    config: write,
    schema: { tags, summary: 'Pin a note to a day on the charts', querystring: z.object(scoped), body: createBody, response: { 201: annotationAnswer, ...errors, 409: errorBody } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    if ((await countAnnotations(db, workspace.id)) >= MAX_ANNOTATIONS) throw new ApiError('RVP_ANNOTATION_LIMIT');
    const { principal } = requireGrant(request);
    const body = request.body;
    const created = await insertAnnotation(db, {
      id: newId('ann'), workspaceId: workspace.id, day: body.day, title: body.title, description: body.description ?? null, kind: body.kind,
      createdBy: principal.kind === 'user' ? principal.userId : null, createdByLabel: principal.kind === 'user' ? (principal.name ?? principal.email) : principal.name, now: ctx.now(),
    });
    await audit(request, workspace, 'annotation.created', created, { day: created.day, kind: created.kind });
    return reply.status(201).send({ annotation: view(created) });
  });

  r.put('/v1/annotations/:id', {
    bodyLimit: SMALL_BODY,
    config: write,
    schema: { tags, summary: 'Change an annotation', params: idParams, querystring: z.object(scoped), body: updateBody, response: { 200: annotationAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const updated = await updateAnnotation(db, { workspaceId: workspace.id, id: request.params.id, ...request.body, now: ctx.now() });
    if (!updated) throw notFound(request.params.id);
    await audit(request, workspace, 'annotation.updated', updated, { changed: Object.keys(request.body).filter((k) => (request.body as Record<string, unknown>)[k] !== undefined) });
    return { annotation: view(updated) };
  });

  r.delete('/v1/annotations/:id', {
    config: write,
    schema: { tags, summary: 'Remove an annotation', params: idParams, querystring: z.object(scoped), response: { 204: z.null().describe('deleted'), ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const deleted = await deleteAnnotation(db, workspace.id, request.params.id);
    if (!deleted) throw notFound(request.params.id);
    await audit(request, workspace, 'annotation.deleted', deleted, { day: deleted.day });
    return reply.status(204).send(null);
  });
}
