// GET /metrics in Prometheus text format, behind its own token (docs/operations.md).
// (Scaffold: the issue 17 work fills this in.)
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function prometheusRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
