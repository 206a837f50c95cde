// Sends the alert deliveries that are due: each claimed row (see claimDueDeliveries — `for update
// skip locked` plus a lease, so two instances never send the same row) is sent by e-mail or
// webhook and recorded as sent, tried again after a backoff (1 min, 5 min, 30 min, 2 h) or, after
// the fifth failed attempt, failed with the last error. E-mail without SMTP configured fails at
// once with a message saying so. Deliveries of a snoozed alert wait for the snooze to end.
import type { Logger } from '../logger.js';
import { alertForMessage, claimDueDeliveries, recordAttempt, workspacesWithDueDeliveries, type AlertForMessage, type ClaimedDelivery } from '../store/alerts-repo.js';
import type { Store } from '../store/db.js';
import { mailContent, webhookContent, type WebhookContent } from './alert-message.js';
import { MAIL_NOT_CONFIGURED, type Mailer } from './mailer.js';
import { postWebhook } from './slack-webhook.js';

/** Seconds to wait after failed attempt 1, 2, 3 and 4; the fifth failure is final. */
export const RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 60 * 60] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** How long a claimed delivery is held by its sender: far beyond the mailer's and webhook's timeouts. */
export const DELIVERY_LEASE_SECONDS = 10 * 60;
const BATCH = 50;

export type DeliveryDeps = {
  store: Store;
  logger: Logger;
  now: () => Date;
  mailer: Mailer | null;
  /** Where the customer links in messages point (REVPULSE_PUBLIC_URL, else localhost). */
  publicUrl: string;
  post?: (url: string, content: WebhookContent) => Promise<void>;
};

export type DeliveryRun = { sent: number; retried: number; failed: number };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/** When to try again after failed attempt `attempts` (1-based), or null when it was the last. */
export function retryAt(attempts: number, failedAt: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return attempts >= MAX_ATTEMPTS || delay === undefined ? null : new Date(failedAt.getTime() + delay * 1000);
}

export async function sendDueDeliveries(deps: DeliveryDeps): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, retried: 0, failed: 0 };
  const db = deps.store.db;
  for (const workspaceId of await workspacesWithDueDeliveries(db, deps.now())) {
    const alerts = new Map<string, AlertForMessage | null>();
    for (;;) {
      const now = deps.now();
      const claimed = await claimDueDeliveries(db, workspaceId, now, new Date(now.getTime() + DELIVERY_LEASE_SECONDS * 1000), BATCH);
      for (const delivery of claimed) {
        if (!alerts.has(delivery.alertId)) alerts.set(delivery.alertId, await alertForMessage(db, workspaceId, delivery.alertId));
        const outcome = await attempt(deps, delivery, alerts.get(delivery.alertId) ?? null);
        await recordAttempt(db, workspaceId, delivery.deliveryId, outcome);
        run[outcome.kind === 'sent' ? 'sent' : outcome.kind === 'retry' ? 'retried' : 'failed'] += 1;
        if (outcome.kind !== 'sent') deps.logger.warn({ workspaceId, deliveryId: delivery.deliveryId, channel: delivery.channel, attempts: delivery.attempts, error: outcome.error }, 'an alert delivery failed');
      }
      if (claimed.length < BATCH) break;
    }
  }
  return run;
}

type Outcome = Parameters<typeof recordAttempt>[3];

async function attempt(deps: DeliveryDeps, delivery: ClaimedDelivery, alert: AlertForMessage | null): Promise<Outcome> {
  if (!alert) return { kind: 'failed', error: 'the alert no longer exists' };
  const options = { publicUrl: deps.publicUrl, notice: delivery.notice };
  try {
    if (delivery.channel === 'email') {
      if (!deps.mailer) return { kind: 'failed', error: MAIL_NOT_CONFIGURED };
      await deps.mailer.send(delivery.target, mailContent(alert, options));
    } else {
      await (deps.post ?? postWebhook)(delivery.target, webhookContent(alert, options));
    }
    return { kind: 'sent', at: deps.now() };
  } catch (error) {
    const failedAt = deps.now();
    const next = retryAt(delivery.attempts, failedAt);
    const message = errorText(error);
    return next ? { kind: 'retry', at: next, error: message } : { kind: 'failed', error: `gave up after ${delivery.attempts} attempts: ${message}` };
  }
}
