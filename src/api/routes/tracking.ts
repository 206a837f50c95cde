// The Segment-compatible tracking API: POST /v1/track, identify, group, page, screen and batch
// (issue 13; docs/tracking.md). An API key with the ingest role (or admin) authenticates as HTTP
// Basic username with an empty password, the way Segment SDKs send a write key, or as a Bearer
// token; the workspace is the key's. A request is parsed, its messages stored once and the
// roll-up woken — nothing else happens before the answer, `{ "success": true }`.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES } from '../../ingest/segment/limits.js';
import { describeIssues, SIGNAL_TYPES, type SignalRoute } from '../../ingest/segment/parse.js';
import { acceptSignals } from '../../ingest/segment/pipeline.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errors, scoped } from '../schemas/common.js';

const success = z.object({ success: z.literal(true) });

const SUMMARIES: Record<SignalRoute, string> = {
  track: 'Record an action a user performed (Segment track)',
  identify: 'Tie a user to their traits (Segment identify)',
  group: 'Tie a user to an account, with its traits (Segment group)',
  page: 'Record a page view (Segment page)',
  screen: 'Record a mobile screen view (Segment screen)',
  batch: 'Send up to 2,500 track, identify, group, page and screen calls at once (Segment batch)',
};

export async function trackingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // The body is kept as text here: the pipeline parses it, so a problem is reported with the
  // field and message index, and the per-message size is measured. SDKs that post from a browser
  // send text/plain to avoid a CORS preflight; it is the same JSON.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const r = app.withTypeProvider<ZodTypeProvider>();

  for (const route of [...SIGNAL_TYPES, 'batch'] as const) {
    r.post(`/v1/${route}`, {
      config: { access: 'signals:write' },
      bodyLimit: route === 'batch' ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES,
      schema: { tags: ['tracking'], summary: SUMMARIES[route], querystring: z.object(scoped), response: { 200: success, ...errors } },
    }, async (request) => {
      const workspace = await resolveWorkspace(ctx.store.db, request);
      const text = typeof request.body === 'string' ? request.body : '';
      const accepted = await acceptSignals(ctx.store.db, { workspaceId: workspace.id, route, text, receivedAt: ctx.now() });
      if (!accepted.ok) throw new ApiError('RVP_VALIDATION', describeIssues(accepted.issues));
      if (accepted.stored > 0) ctx.wakeSignals?.();
      return { success: true as const };
    });
  }
}
