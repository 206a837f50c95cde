import type { FastifyInstance } from 'fastify';
import { listUserWorkspaces } from '../../store/memberships-repo.js';
import { findWorkspace } from '../../store/workspaces-repo.js';
import type { AppContext } from '../context.js';
import { can } from '../../accounts/permissions.js';

export async function workspaceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // The workspaces the caller may see: a person's memberships, or an API key's own workspace.
  app.get('/v1/workspaces', { config: { access: 'workspaces:read' } }, async (request) => {
    const principal = request.auth!.principal;
    if (principal.kind === 'key') {
      const workspace = await findWorkspace(ctx.store.db, principal.workspaceId);
      const data = workspace ? [{ id: workspace.id, name: workspace.name, reportingCurrency: workspace.reportingCurrency, isDemo: workspace.isDemo, role: principal.role }] : [];
      return { data };
    }
    const memberships = await listUserWorkspaces(ctx.store.db, principal.userId);
    return { data: memberships.filter((w) => can(w.role, 'workspaces:read')) };
  });
}
