// Outgoing webhook endpoints, their delivery log and replay (docs/webhooks.md).
// (Scaffold: the issue 17 work fills this in.)
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function outgoingWebhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
