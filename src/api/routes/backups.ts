// The backup history, for the installation's owners (docs/operations.md).
// (Scaffold: the issue 17 work fills this in.)
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function backupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
