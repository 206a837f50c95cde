// One customer across sources: list, add and remove explicit mappings (a provider's customer
// counts as another). STUB (scaffold).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function customerIdentityRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
