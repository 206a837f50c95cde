// GET /metrics in the Prometheus text format (src/observability/metrics.ts; every metric and the
// alerts worth setting on them: docs/operations.md). Off unless REVPULSE_METRICS_TOKEN is set:
// then it answers 404 exactly like a path that does not exist.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { sameHash, sha256 } from '../../accounts/tokens.js';
import { readIngestBacklog } from '../../store/ingest-backlog-repo.js';
import { renderMetrics, setIngestBacklog } from '../../observability/metrics.js';

/** The bearer token of an Authorization header, or null. */
function bearer(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}

export async function prometheusRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const token = ctx.config.metricsToken;
  const expected = token ? sha256(token) : null;

  // Access 'public' with a token of its own, checked here: a scraper is no person and belongs to
  // no workspace, so neither a session nor an API key (which is one workspace's) fits, and these
  // figures are the whole instance's. Not rate-limited: a scraper every few seconds, or several
  // of them, must never be refused while the API bucket is busy.
  app.get('/metrics', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    if (!expected) throw new ApiError('RVP_NOT_FOUND', 'No route for GET /metrics');
    const given = bearer(request.headers.authorization);
    // Both sides hashed first: equal lengths, so the comparison takes the same time whatever was sent.
    if (!given || !sameHash(sha256(given), expected)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new ApiError('RVP_UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <REVPULSE_METRICS_TOKEN>.');
    }
    setIngestBacklog(await readIngestBacklog(ctx.store.db).catch((error: unknown) => {
      request.log.warn({ err: error }, 'metrics: the ingest backlog could not be read');
      return null;
    }));
    const { contentType, body } = await renderMetrics();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
