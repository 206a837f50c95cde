// Reports (issue 14): GET /v1/reports (built-in and custom), GET /v1/reports/:kind in json, html,
// pdf, xlsx or csv, custom report definitions, schedules, the delivery log, and "Send now".
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function reportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
