import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { idParam } from './text-schema.js';

/** How a person names the workspace of a request: ?workspace=ID (an API key may omit it). */
export const workspaceQuery = z.object({ workspace: idParam });

/**
 * The workspace a request is about: the one the authorisation hook (auth/authorise.ts) granted —
 * a member's ?workspace=ID, or an API key's own workspace. Another workspace, or one that does
 * not exist, was already answered 404 RVP_WORKSPACE_NOT_FOUND (the two look the same), a role
 * without the route's permission 403. The single place routes get their workspace from.
 */
export async function resolveWorkspace(_db: Kysely<Database>, request: FastifyRequest): Promise<Workspace> {
  const grant = request.auth?.grant;
  if (!grant) throw new Error(`${request.method} ${request.routeOptions.url} calls resolveWorkspace but its access marker names no workspace permission`);
  return grant.workspace;
}
