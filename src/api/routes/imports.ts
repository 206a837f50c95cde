// Subscription imports for scripts and the Settings upload: POST /v1/import (a CSV or JSON-lines
// body, ?dryRun=true for a preview) and GET /v1/imports (the history). STUB (scaffold).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function importRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
