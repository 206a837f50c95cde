// Builds the HTTP application. It does not listen (server.ts does), so tests drive it with
// app.inject() and no network.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import './route-access.js';
import { registerErrorHandling } from './error-handler.js';
import { healthRoutes } from './routes/health.js';
import { liveRoutes } from './routes/live.js';
import { metricsRoutes } from './routes/metrics.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workspaceRoutes } from './routes/workspaces.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(ctx: AppContext, options: { webDist?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    forceCloseConnections: false,
  });
  const webDist = options.webDist ?? WEB_DIST;
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  // Client-side routes fall back to the app shell; API paths keep their JSON 404.
  registerErrorHandling(app, (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (!hasWeb || request.method !== 'GET' || /^\/(v1|webhooks|healthz|readyz)\b/.test(url) || path.extname(url)) return null;
    return reply.sendFile('index.html');
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  await app.register(async (scope) => healthRoutes(scope, ctx));
  await app.register(async (scope) => webhookRoutes(scope, ctx));
  await app.register(async (scope) => workspaceRoutes(scope, ctx));
  await app.register(async (scope) => metricsRoutes(scope, ctx));
  await app.register(async (scope) => liveRoutes(scope, ctx));

  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><title>Revpulse</title><p>The dashboard is not built. Run <code>npm run build:web</code> (npm start does it for you).</p>'),
    );
  }
  return app;
}
