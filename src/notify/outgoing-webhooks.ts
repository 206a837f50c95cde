// Sends outgoing webhook deliveries and keeps their endpoints' health (docs/webhooks.md):
//   sendDueWebhooks — the due deliveries (claimed, so two instances never send one twice), at most
//     a few per endpoint at once; a failure is tried again with backoff and jitter for 3 days
//     (src/core/webhook-backoff.ts), then the delivery has failed; a URL that is not http(s) fails
//     at once. An endpoint whose scheduled attempts have all failed for 3 days is disabled, with an
//     audit entry; a person enables it again.
//   replayDelivery / sendTestEvent — a manual attempt now, answered with its result; it never
//     moves the endpoint's health or a pending delivery's schedule, but a success delivers.
import { recordAudit } from '../accounts/security-log.js';
import { testEvent } from '../core/outgoing-events.js';
import { nextAttemptAt } from '../core/webhook-backoff.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import {
  claimDueDeliveries, findDeliveryToSend, findEndpoint, insertDelivery, listDeliveries, recordAttempt, setEndpointEnabled,
  type AttemptOutcome, type DeliveryToSend, type DeliveryView,
} from '../store/outgoing-webhooks-repo.js';
import type { SecretBox } from '../store/secret-box.js';
import { DEFAULT_TIMEOUT_MS, postSigned, type PostResult } from './outgoing-webhook-post.js';

/** How long an endpoint may fail without a single success before it is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
/** How long a claimed delivery is held by its sender: well beyond the request timeout. */
const LEASE_MS = 5 * 60_000;
const BATCH = 50;
const PER_ENDPOINT = 2;
const MAX_ROUNDS = 20;

export type OutgoingDeps = {
  store: Store;
  box: SecretBox;
  logger: Logger;
  now: () => Date;
  /** The request timeout (10 s). */
  timeoutMs?: number;
  /** Disable an endpoint failing this long (3 days). */
  disableAfterMs?: number;
  /** Picks the jitter of each retry (Math.random). */
  random?: () => number;
};

export type OutgoingRun = { delivered: number; retried: number; failed: number; disabledEndpoints: number };

export async function sendDueWebhooks(deps: OutgoingDeps): Promise<OutgoingRun> {
  const run: OutgoingRun = { delivered: 0, retried: 0, failed: 0, disabledEndpoints: 0 };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const now = deps.now();
    const claimed = await claimDueDeliveries(deps.store.db, now, new Date(now.getTime() + LEASE_MS), BATCH, PER_ENDPOINT);
    const byEndpoint = new Map<string, DeliveryToSend[]>();
    claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.deliveryId.localeCompare(b.deliveryId)); // oldest first
    for (const d of claimed) (byEndpoint.get(d.endpointId) ?? byEndpoint.set(d.endpointId, []).get(d.endpointId)!).push(d);
    await Promise.all([...byEndpoint.values()].map(async (group) => {
      for (const delivery of group) {
        const { outcome, disabled } = await attemptDelivery(deps, delivery, false);
        run[outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'retry' ? 'retried' : 'failed'] += 1;
        if (disabled) {
          run.disabledEndpoints += 1;
          break; // the rest of the group was just set aside as 'disabled'
        }
      }
    }));
    if (claimed.length < BATCH) break;
  }
  return run;
}

function outcomeOf(deps: OutgoingDeps, delivery: DeliveryToSend, result: PostResult, manual: boolean): AttemptOutcome {
  if (result.ok) return { kind: 'delivered' };
  if (manual) return { kind: 'unchanged' };
  if (result.refused) return { kind: 'failed' };
  const retryAt = nextAttemptAt(delivery.attempts + 1, deps.now(), delivery.createdAt, (deps.random ?? Math.random)());
  return retryAt ? { kind: 'retry', retryAt } : { kind: 'failed' };
}

/** One attempt of a delivery, recorded in its log. */
export async function attemptDelivery(deps: OutgoingDeps, delivery: DeliveryToSend, manual: boolean): Promise<{ result: PostResult; outcome: AttemptOutcome; disabled: boolean }> {
  const at = deps.now();
  const result = await postSigned({
    url: delivery.url, secret: deps.box.open(delivery.secretEnc), body: JSON.stringify(delivery.payload), eventId: delivery.eventId, eventType: delivery.eventType,
    deliveryId: delivery.deliveryId, attempt: delivery.attempts + 1, at, timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const outcome = outcomeOf(deps, delivery, result, manual);
  const { ok: _ok, refused: _refused, ...logged } = result;
  const { failingSince } = await recordAttempt(deps.store.db, delivery, { at, manual, ...logged }, outcome);
  if (!result.ok) deps.logger.debug({ workspaceId: delivery.workspaceId, deliveryId: delivery.deliveryId, error: result.error }, 'an outgoing webhook attempt failed');
  const disabled = !manual && !result.ok && failingSince !== null && deps.now().getTime() - failingSince.getTime() >= (deps.disableAfterMs ?? DISABLE_AFTER_MS)
    && (await disableFailingEndpoint(deps, delivery, failingSince, result.error));
  return { result, outcome, disabled };
}

async function disableFailingEndpoint(deps: OutgoingDeps, delivery: DeliveryToSend, failingSince: Date, lastError: string | null): Promise<boolean> {
  const at = deps.now();
  const reason = `Every delivery failed since ${failingSince.toISOString()}${lastError ? ` (last: ${lastError})` : ''}; enable the endpoint again once it answers.`;
  const { endpoint, changed } = await setEndpointEnabled(deps.store.db, delivery.workspaceId, delivery.endpointId, false, reason.slice(0, 1000), at);
  if (!endpoint || !changed) return false;
  await recordAudit(deps.store.db, {
    workspaceIds: [delivery.workspaceId], actor: { type: 'system', id: null, label: 'Revpulse' }, action: 'webhook_endpoint.auto_disabled',
    target: { type: 'webhook_endpoint', id: endpoint.id, label: endpoint.url }, detail: { failingSince: failingSince.toISOString(), lastError }, meta: { ip: null, userAgent: null }, at,
  });
  deps.logger.warn({ workspaceId: delivery.workspaceId, endpointId: endpoint.id, url: endpoint.url, failingSince }, 'an outgoing webhook endpoint failed for days and was disabled');
  return true;
}

/** Sends a delivery again now (a new attempt in its log); null when there is no such delivery. */
export async function replayDelivery(deps: OutgoingDeps, workspaceId: string, deliveryId: string): Promise<DeliveryView | null> {
  const delivery = await findDeliveryToSend(deps.store.db, workspaceId, deliveryId);
  if (!delivery) return null;
  await attemptDelivery(deps, delivery, true);
  return (await listDeliveries(deps.store.db, workspaceId, { deliveryId, limit: 1 }))[0] ?? null;
}

/** Sends a `webhook.test` event to one endpoint now, enabled or not; null: no such endpoint. */
export async function sendTestEvent(deps: OutgoingDeps, workspaceId: string, endpointId: string): Promise<DeliveryView | null> {
  const endpoint = await findEndpoint(deps.store.db, workspaceId, endpointId);
  if (!endpoint) return null;
  const deliveryId = await insertDelivery(deps.store.db, workspaceId, endpointId, testEvent(endpointId), deps.now());
  return replayDelivery(deps, workspaceId, deliveryId);
}
