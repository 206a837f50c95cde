// Custom reports (issue 14): POST /v1/reports/custom, PUT and DELETE /v1/reports/custom/:id
// (reports:manage). A definition names registry metrics, a granularity, how many periods, a
// comparison and optionally a segment, which must exist (built-in or the workspace's own). Names
// are unique per workspace, ignoring case. Deleting a report deletes its schedules; its delivery
// log stays.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { customReportAnswer, customReportInput, customReportUpdate, type CustomReportDefinition } from '../../read/reports/contract.js';
import { BUILT_IN_SEGMENTS } from '../../read/segments/builtin.js';
import { deleteSchedule, listSchedules } from '../../reports/delivery/service.js';
import { CustomReportNameTaken, deleteCustomReport, insertCustomReport, newCustomReportId, updateCustomReport } from '../../reports/custom-reports.js';
import type { Database } from '../../store/schema.js';
import { listSegments } from '../../store/segments-repo.js';
import { requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { errorBody, errors, scoped } from '../schemas/common.js';
import { reportIdParams } from '../schemas/reports.js';
import { resolveWorkspace } from '../workspace-param.js';

const nameTaken = (name: string) => new ApiError('RVP_REPORT_EXISTS', `A custom report named "${name}" already exists: choose another name.`);
const notFound = (id: string) => new ApiError('RVP_REPORT_NOT_FOUND', `No custom report with id ${id} in this workspace.`);

/** A definition's segment must be one the workspace can read: a built-in one or its own. */
async function checkSegment(db: Kysely<Database>, workspaceId: string, definition: CustomReportDefinition): Promise<void> {
  const id = definition.segmentId;
  if (id === null) return;
  if (BUILT_IN_SEGMENTS.some((s) => s.id === id)) return;
  if ((await listSegments(db, workspaceId)).some((s) => s.id === id)) return;
  throw new ApiError('RVP_VALIDATION', `definition.segmentId: no segment with id ${id.slice(0, 100)} in this workspace (GET /v1/segments lists them)`);
}

export async function customReportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['reports'];
  const manage = { access: 'reports:manage' as const };
  const updateBody = customReportUpdate.check(zm.refine((b) => b.name !== undefined || b.definition !== undefined, { message: 'give a name or a definition to change', path: ['name'] }));

  r.post('/v1/reports/custom', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: { tags, summary: 'Save a custom report', querystring: z.object(scoped), body: customReportInput, response: { 201: customReportAnswer, ...errors, 409: errorBody } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const body = request.body;
    await checkSegment(db, workspace.id, body.definition);
    try {
      const report = await insertCustomReport(db, {
        workspaceId: workspace.id, id: newCustomReportId(), name: body.name, definition: body.definition,
        createdBy: principal.kind === 'user' ? principal.userId : null, now: ctx.now(),
      });
      return reply.status(201).send({ report });
    } catch (error) {
      if (error instanceof CustomReportNameTaken) throw nameTaken(body.name);
      throw error;
    }
  });

  r.put('/v1/reports/custom/:id', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: { tags, summary: "Change a custom report's name or definition", params: reportIdParams, querystring: z.object(scoped), body: updateBody, response: { 200: customReportAnswer, ...errors, 409: errorBody } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const body = request.body;
    if (body.definition) await checkSegment(db, workspace.id, body.definition);
    try {
      const report = await updateCustomReport(db, workspace.id, request.params.id, {
        ...(body.name !== undefined ? { name: body.name } : {}), ...(body.definition !== undefined ? { definition: body.definition } : {}),
      }, ctx.now());
      if (!report) throw notFound(request.params.id);
      return { report };
    } catch (error) {
      if (error instanceof CustomReportNameTaken) throw nameTaken(body.name ?? '');
      throw error;
    }
  });

  r.delete('/v1/reports/custom/:id', {
    config: manage,
    schema: { tags, summary: 'Delete a custom report and its schedules (its delivery log stays)', params: reportIdParams, querystring: z.object(scoped), response: { 204: z.null().describe('deleted'), ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const id = request.params.id;
    await db.transaction().execute(async (trx) => {
      if (!(await deleteCustomReport(trx, workspace.id, id))) throw notFound(id);
      for (const schedule of await listSchedules(trx, workspace.id, ctx.now())) {
        if (schedule.reportKey === id) await deleteSchedule(trx, workspace.id, schedule.id);
      }
    });
    return reply.status(204).send(null);
  });
}
