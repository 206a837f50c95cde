import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { pendingMigrations } from '../../store/migrate.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';

export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async () => {
    try {
      await sql`select 1`.execute(ctx.store.db);
    } catch {
      throw new ApiError('RVP_NOT_READY', 'The database is not reachable.');
    }
    const pending = await pendingMigrations(ctx.store);
    if (pending.length > 0) throw new ApiError('RVP_NOT_READY', `Migrations not applied: ${pending.join(', ')}`);
    return { status: 'ready', database: ctx.store.kind };
  });
}
