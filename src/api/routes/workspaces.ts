import type { FastifyInstance } from 'fastify';
import { listWorkspaces } from '../../store/workspaces-repo.js';
import type { AppContext } from '../context.js';

export async function workspaceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/v1/workspaces', { config: { access: 'workspaces:read' } }, async () => {
    const workspaces = await listWorkspaces(ctx.store.db);
    return {
      data: workspaces.map((w) => ({ id: w.id, name: w.name, reportingCurrency: w.reportingCurrency, isDemo: w.isDemo })),
    };
  });
}
