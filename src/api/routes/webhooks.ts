import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receiveStripeWebhook, type ReceiveResult } from '../../ingest/receive.js';
import { DEMO_WEBHOOK_SECRET } from '../../ingest/load-demo.js';
import { receivePaypalWebhook } from '../../ingest/paypal/receive.js';
import type { AppContext } from '../context.js';
import { ApiError, type ErrorCode } from '../errors.js';
import { recordWebhookSignatureFailure } from '../../accounts/security-log.js';
import { requestMeta } from '../auth/principal.js';
import { idParam } from '../text-schema.js';
import { recordWebhookMetrics } from '../webhook-metrics.js';

const params = z.object({ sourceId: idParam });
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** The code for each way a correctly signed body is refused (src/ingest/receive.ts, src/ingest/paypal/receive.ts). */
const REJECTIONS = {
  body: 'RVP_WEBHOOK_BODY_INVALID',
  text: 'RVP_WEBHOOK_TEXT_INVALID',
  depth: 'RVP_WEBHOOK_TOO_DEEP',
  payload: 'RVP_WEBHOOK_PAYLOAD',
  created: 'RVP_WEBHOOK_CREATED_INVALID',
  account: 'RVP_WEBHOOK_ACCOUNT_MISMATCH',
} as const satisfies Record<string, ErrorCode>;

export async function webhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  recordWebhookMetrics(app); // received, rejected by reason, answer time (GET /metrics)
  // The signature covers the exact bytes Stripe or PayPal sent, so this scope keeps bodies raw.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post('/webhooks/stripe/:sourceId', { config: { access: 'webhook' } }, async (request, reply) => {
    const { sourceId } = params.parse(request.params);
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['stripe-signature'];
    const result = await receiveStripeWebhook(ctx.store.db, ctx.box, {
      sourceId,
      rawBody,
      signature: Array.isArray(signature) ? signature[0] : signature,
      now: ctx.now(),
      // The demo's secret is published: with the demo off, nothing signed with it is let in.
      ...(ctx.config.demo ? {} : { refusedSecret: DEMO_WEBHOOK_SECRET }),
    });
    return answer(ctx, request, reply, sourceId, result);
  });

  // PayPal signs with a certificate it names per delivery (src/ingest/paypal/verify-signature.ts);
  // the certificate hosts are PayPal's unless a test built the context with others.
  app.post('/webhooks/paypal/:sourceId', { config: { access: 'webhook' } }, async (request, reply) => {
    const { sourceId } = params.parse(request.params);
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const result = await receivePaypalWebhook(ctx.store.db, ctx.box, {
      sourceId,
      rawBody,
      headers: request.headers,
      now: ctx.now(),
      ...(ctx.paypalCertSource ? { certSource: ctx.paypalCertSource } : {}),
    });
    return answer(ctx, request, reply, sourceId, result);
  });
}

/** One answer for every provider: 200 with the event id, or the refusal's error. */
async function answer(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, sourceId: string, result: ReceiveResult) {
  if (!result.ok) {
    if (result.reason === 'source_not_found') throw new ApiError('RVP_SOURCE_NOT_FOUND', result.message);
    if (result.reason === 'signature') {
      request.log.warn({ sourceId }, 'webhook signature rejected');
      await recordWebhookSignatureFailure(ctx.store.db, { sourceId, reason: result.message, meta: requestMeta(request), at: ctx.now() });
      throw new ApiError('RVP_WEBHOOK_SIGNATURE', result.message);
    }
    // Correctly signed, but not something we store: the sender's fault, not an attack, so no
    // security event — a warning in the log, with what was wrong.
    request.log.warn({ sourceId, reason: result.reason, ...('detail' in result ? { detail: result.detail } : {}) }, 'webhook body rejected');
    throw new ApiError(REJECTIONS[result.reason], result.message);
  }
  if (!result.duplicate) ctx.wakeIngest();
  return reply.status(200).send({ received: true, duplicate: result.duplicate, id: result.eventId });
}
