// Retention policies, their last runs and the compliance report (docs/compliance.md).
// (Scaffold: the issue 17 work fills this in.)
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function retentionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
