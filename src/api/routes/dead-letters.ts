// Dead letters: events whose processing kept failing, and customer ledgers that kept failing to
// compute, parked after repeated attempts with their last error (raw-events-repo.ts,
// ledger-repo.ts). Listed here and retried here after a fix — never silently skipped.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { listParkedLedgers, retryParkedLedgers } from '../../store/ledger-repo.js';
import { listDeadLetters, retryDeadLetters } from '../../store/raw-events-repo.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { deadLetters, retried } from '../../read/settings/contract.js';
import { resolveWorkspace } from '../workspace-param.js';

const tags = ['sources'];
const ids = z.array(z.string().min(1).max(255)).max(1000);
const retryBody = z
  .object({
    /** Only these events (default: every dead letter of the workspace). */
    eventIds: ids.optional(),
    /** Only these customers' parked ledgers (default: every one). */
    customerIds: ids.optional(),
  })
  .strict()
  .default({});

export async function deadLetterRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const db = ctx.store.db;

  app.get('/v1/dead-letters', { config: { access: 'sources:read' }, schema: { tags, summary: 'Events and ledgers parked after five failed attempts', response: { 200: deadLetters } } }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const [events, ledgers] = await Promise.all([listDeadLetters(db, workspace.id, { limit: 500 }), listParkedLedgers(db, workspace.id, 500)]);
    return {
      events: events.map((e) => ({
        sourceId: e.sourceId, eventId: e.eventId, type: e.type, created: e.created.toISOString(),
        attempts: e.attempts, lastError: e.lastError, deadAt: e.deadAt.toISOString(),
      })),
      ledgers: ledgers.map((l) => ({ customerId: l.customerId, attempts: l.attempts, lastError: l.lastError, deadAt: l.deadAt.toISOString() })),
    };
  });

  app.post('/v1/dead-letters/retry', { config: { access: 'sources:sync' }, schema: { tags, summary: 'Retry parked events and ledgers', response: { 200: retried } } }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const body = retryBody.parse(request.body ?? undefined);
    const onlyLedgers = body.customerIds !== undefined && body.eventIds === undefined;
    const onlyEvents = body.eventIds !== undefined && body.customerIds === undefined;
    const events = onlyLedgers ? 0 : await retryDeadLetters(db, workspace.id, body.eventIds ? { eventIds: body.eventIds } : {});
    const ledgers = onlyEvents ? 0 : await retryParkedLedgers(db, workspace.id, body.customerIds);
    if (events + ledgers > 0) ctx.wakeIngest();
    const { principal } = requireGrant(request);
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'dead_letters.retried',
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
      detail: { events, ledgers }, meta: requestMeta(request), at: ctx.now(),
    });
    return { retried: { events, ledgers } };
  });
}
