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
import { registerAuthorisation } from './auth/authorise.js';
import { registerHardening } from './hardening.js';
import { registerOpenApi } from './openapi.js';
import { accountRoutes } from './routes/account.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { invitationRoutes } from './routes/invitations.js';
import { teamRoutes } from './routes/team.js';
import { healthRoutes } from './routes/health.js';
import { liveRoutes } from './routes/live.js';
import { v1Routes } from './routes/v1.js';
import { sourceRoutes } from './routes/sources.js';
import { deadLetterRoutes } from './routes/dead-letters.js';
import { fxRoutes } from './routes/fx.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { backupRoutes } from './routes/backups.js';
import { ssoRoutes } from './routes/sso.js';
import { prometheusRoutes } from './routes/prometheus.js';

/** The built dashboard; REVPULSE_WEB_DIST points elsewhere (a test's own build). */
export const WEB_DIST = process.env.REVPULSE_WEB_DIST ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(ctx: AppContext, options: { webDist?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    forceCloseConnections: false,
    trustProxy: ctx.config.auth.trustProxy,
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
  // Headers, cookies, CSRF and rate limits, then the one authorisation hook: both must come
  // before any route, and the hook refuses to register a route without an access marker.
  await registerHardening(app, ctx.config);
  registerOpenApi(app); // before the authorisation hook: marks the /docs pages public
  registerAuthorisation(app, ctx);
  await app.register(async (scope) => authRoutes(scope, ctx));
  await app.register(async (scope) => accountRoutes(scope, ctx));
  await app.register(async (scope) => invitationRoutes(scope, ctx));
  await app.register(async (scope) => teamRoutes(scope, ctx));
  await app.register(async (scope) => apiKeyRoutes(scope, ctx));
  await app.register(async (scope) => auditRoutes(scope, ctx));

  await app.register(async (scope) => healthRoutes(scope, ctx));
  await app.register(async (scope) => webhookRoutes(scope, ctx));
  await app.register(async (scope) => workspaceRoutes(scope, ctx));
  await app.register(async (scope) => sourceRoutes(scope, ctx));
  await app.register(async (scope) => deadLetterRoutes(scope, ctx));
  await app.register(async (scope) => fxRoutes(scope, ctx));
  await app.register(async (scope) => v1Routes(scope, ctx));
  await app.register(async (scope) => liveRoutes(scope, ctx));
  await app.register(async (scope) => backupRoutes(scope, ctx));
  await app.register(async (scope) => ssoRoutes(scope, ctx));
  await app.register(async (scope) => prometheusRoutes(scope, ctx));

  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' });
  } else {
    app.get('/', { config: { access: 'public' } }, async (_request, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><title>Revpulse</title><p>The dashboard is not built. Run <code>npm run build:web</code> (npm start does it for you).</p>'),
    );
  }
  return app;
}
