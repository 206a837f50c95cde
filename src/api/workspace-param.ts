import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { findWorkspace, type Workspace } from '../store/workspaces-repo.js';
import { ApiError } from './errors.js';

export const workspaceQuery = z.object({ workspace: z.string().min(1).max(100) });

/**
 * Resolves the workspace a request is about. Until accounts exist (the Accounts and access
 * issue) it is named by ?workspace=ID; the authorisation hook will replace this resolver.
 */
export async function resolveWorkspace(db: Kysely<Database>, request: FastifyRequest): Promise<Workspace> {
  const { workspace: id } = workspaceQuery.parse(request.query);
  const workspace = await findWorkspace(db, id);
  if (!workspace) throw new ApiError('RVP_WORKSPACE_NOT_FOUND', `No workspace with id ${id}.`);
  return workspace;
}
