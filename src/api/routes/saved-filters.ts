// Saved filter presets (/v1/saved-filters): named filter sets of the customers table, stored per
// workspace and shared by its members: anyone who may read customers may list, save, rename and
// delete them (they are views of data the caller can already see, and change no data). The
// filters are the customers list's query parameters, validated here exactly as that route does.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newId } from '../../store/ids.js';
import {
  countSavedFilters,
  deleteSavedFilter,
  insertSavedFilter,
  listSavedFilters,
  SavedFilterNameTaken,
  updateSavedFilter,
  type SavedFilter,
} from '../../store/saved-filters-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { requireGrant } from '../auth/principal.js';
import { idParam, text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errorBody, errors, scoped } from '../schemas/common.js';
import { customerFilterJson } from '../schemas/customers.js';
import { SAVED_FILTER_SCOPES, savedFilterAnswer, savedFilterList } from '../../read/saved-filters/contract.js';

/** Presets one screen of a workspace may keep. */
export const MAX_SAVED_FILTERS = 100;

/** The customers list's filters (GET /v1/customers), as JSON. Unknown keys are refused. */
/** A preset's filters: exactly the customers list's filters as JSON (the segments' too). */
const customerFilters = customerFilterJson;

const scopeParam = z.enum(SAVED_FILTER_SCOPES).default('customers').describe('the screen the presets belong to');
const name = text(80).transform((s) => s.trim()).pipe(z.string().min(1, 'must not be empty'));


const listQuery = z.object({ ...scoped, scope: scopeParam });
const createBody = z.object({ scope: scopeParam, name, filters: customerFilters });
const updateBody = z.object({ name: name.optional(), filters: customerFilters.optional() }).refine((b) => b.name !== undefined || b.filters !== undefined, {
  message: 'give a name or filters to change',
  path: ['name'],
});
const idParams = z.object({ id: idParam });

/** The workspace, as every route gets it, and the caller's identity. */
async function callerOf(ctx: AppContext, request: FastifyRequest) {
  const workspace = await resolveWorkspace(ctx.store.db, request);
  return { workspace, principal: requireGrant(request).principal };
}

function view(filter: SavedFilter) {
  return { ...filter, createdAt: filter.createdAt.toISOString(), updatedAt: filter.updatedAt.toISOString() };
}

function notFound(id: string): ApiError {
  return new ApiError('RVP_SAVED_FILTER_NOT_FOUND', `No saved filter with id ${id} in this workspace.`);
}

function nameTaken(name: string): ApiError {
  return new ApiError('RVP_SAVED_FILTER_EXISTS', `A preset named "${name}" already exists: choose another name.`);
}

export async function savedFilterRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['saved filters'];
  const config = { access: 'customers:read' as const };

  r.get('/v1/saved-filters', {
    config,
    schema: { tags, summary: 'The saved filter presets of a screen', querystring: listQuery, response: { 200: savedFilterList, ...errors } },
  }, async (request) => {
    const caller = await callerOf(ctx, request);
    const list = await listSavedFilters(db, caller.workspace.id, request.query.scope);
    return { data: list.map(view) };
  });

  r.post('/v1/saved-filters', {
    bodyLimit: SMALL_BODY,
    config,
    schema: { tags, summary: 'Save the current filters under a name', querystring: z.object(scoped), body: createBody, response: { 201: savedFilterAnswer, ...errors, 409: errorBody } },
  }, async (request, reply) => {
    const caller = await callerOf(ctx, request);
    const { scope, name: presetName, filters } = request.body;
    if ((await countSavedFilters(db, caller.workspace.id, scope)) >= MAX_SAVED_FILTERS) throw new ApiError('RVP_SAVED_FILTER_LIMIT');
    const { principal } = caller;
    try {
      const filter = await insertSavedFilter(db, {
        id: newId('flt'), workspaceId: caller.workspace.id, scope, name: presetName, filters,
        createdBy: principal.kind === 'user' ? principal.userId : null, createdByLabel: principal.kind === 'user' ? (principal.name ?? principal.email) : principal.name, now: ctx.now(),
      });
      return reply.status(201).send({ filter: view(filter) });
    } catch (error) {
      if (error instanceof SavedFilterNameTaken) throw nameTaken(presetName);
      throw error;
    }
  });

  r.put('/v1/saved-filters/:id', {
    bodyLimit: SMALL_BODY,
    config,
    schema: { tags, summary: 'Rename a preset or replace its filters', params: idParams, querystring: z.object(scoped), body: updateBody, response: { 200: savedFilterAnswer, ...errors, 409: errorBody } },
  }, async (request) => {
    const { workspace } = await callerOf(ctx, request);
    try {
      const updated = await updateSavedFilter(db, { workspaceId: workspace.id, id: request.params.id, ...request.body, now: ctx.now() });
      if (!updated) throw notFound(request.params.id);
      return { filter: view(updated) };
    } catch (error) {
      if (error instanceof SavedFilterNameTaken) throw nameTaken(request.body.name ?? '');
      throw error;
    }
  });

  r.delete('/v1/saved-filters/:id', {
    config,
    schema: { tags, summary: 'Delete a preset', params: idParams, querystring: z.object(scoped), response: { 204: z.null().describe('deleted'), ...errors } },
  }, async (request, reply) => {
    const { workspace } = await callerOf(ctx, request);
    if (!(await deleteSavedFilter(db, workspace.id, request.params.id))) throw notFound(request.params.id);
    return reply.status(204).send(null);
  });
}
