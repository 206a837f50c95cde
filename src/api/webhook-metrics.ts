// Counts every answer of the webhook routes it is registered on (received, rejected by reason)
// and times it, for GET /metrics. A hook rather than calls in the handlers, so refusals that never
// reach a handler — the rate limit, a body over the size limit, a wrong content type — count too.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordWebhook, type WebhookRejection } from '../observability/metrics.js';

const REASONS: Record<string, WebhookRejection> = {
  RVP_WEBHOOK_SIGNATURE: 'signature',
  RVP_SOURCE_NOT_FOUND: 'unknown_source',
  RVP_PAYLOAD_TOO_LARGE: 'too_large',
  FST_ERR_CTP_BODY_TOO_LARGE: 'too_large',
  RVP_RATE_LIMITED: 'rate_limited',
  RVP_DATABASE_UNAVAILABLE: 'unavailable',
};

/** The refusal's reason from the error's code and the status sent; null for a success. */
export function webhookRejection(status: number, code: string | undefined): WebhookRejection | null {
  if (status < 400) return null;
  const known = code ? REASONS[code] : undefined;
  if (known) return known;
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'malformed' : 'error';
}

export function recordWebhookMetrics(app: FastifyInstance): void {
  const codes = new WeakMap<FastifyRequest, string>();
  app.addHook('onError', async (request, _reply, error) => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') codes.set(request, code);
  });
  app.addHook('onResponse', async (request, reply) => {
    // '/webhooks/<provider>/:sourceId'
    const provider = (request.routeOptions.url ?? '').split('/')[2] || 'unknown';
    recordWebhook(provider, reply.elapsedTime / 1000, webhookRejection(reply.statusCode, codes.get(request)));
  });
}
