// Sends queued outgoing webhook deliveries (src/notify/outgoing-webhooks.ts), retrying with
// exponential backoff: woken when deliveries are queued (a live message of a type webhooks mirror
// means its deliveries were stored in the same transaction) or asked to (wake), and polling every
// few seconds for retries that come due. Runs overlap across instances safely (deliveries are
// claimed with `for update skip locked`); in one process a wake during a run runs once more after
// it. Finished deliveries older than 30 days leave the log (pruned hourly).
import { pruneDeliveries } from '../store/outgoing-webhooks-repo.js';
import { sendDueWebhooks, type OutgoingRun } from '../notify/outgoing-webhooks.js';
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';

const POLL_MS = 5_000;
const PRUNE_EVERY_MS = 3_600_000;
export const DELIVERY_LOG_DAYS = 30;
/** Live message types that outgoing events are built from (src/core/outgoing-events.ts). */
const WAKING_TYPES = new Set(['mrr_updated', 'new_signup', 'subscription_changed', 'churn_alert', 'payment_received', 'payment_failed', 'alert_opened']);

export type OutgoingWebhookJobOptions = { pollMs?: number; timeoutMs?: number; disableAfterMs?: number; random?: () => number };

export type OutgoingWebhookJob = BackgroundJob & {
  wake(): void;
  /** Sends what is due now (joins a run under way, then runs again). */
  runOnce(): Promise<OutgoingRun>;
};

export function createOutgoingWebhookJob(deps: OperationsJobDeps, options: OutgoingWebhookJobOptions = {}): OutgoingWebhookJob {
  const { store, logger, now, bus } = deps;
  const sendDeps = {
    store, box: deps.box, logger, now,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.disableAfterMs !== undefined ? { disableAfterMs: options.disableAfterMs } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  let running: Promise<OutgoingRun> | null = null;
  let again = false;
  let lastPrune = 0;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => Promise<void>) | null = null;
  let stopped = true;

  const work = async (): Promise<OutgoingRun> => {
    const run = await sendDueWebhooks(sendDeps);
    if (now().getTime() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now().getTime();
      await pruneDeliveries(store.db, new Date(lastPrune - DELIVERY_LOG_DAYS * 86_400_000));
    }
    if (run.failed + run.disabledEndpoints > 0) logger.info(run, 'outgoing webhooks sent');
    return run;
  };

  const runOnce = (): Promise<OutgoingRun> => {
    if (running) {
      again = true;
      return running;
    }
    running = work().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void runOnce().catch((error: unknown) => logger.warn({ err: error }, 'sending outgoing webhooks failed'));
      }
    });
    return running;
  };
  const wake = () => void runOnce().catch((error: unknown) => logger.warn({ err: error }, 'sending outgoing webhooks failed'));

  return {
    wake,
    runOnce,
    start() {
      stopped = false;
      timer = setInterval(wake, options.pollMs ?? POLL_MS);
      timer.unref();
      void bus.subscribe((message) => {
        if (!stopped && WAKING_TYPES.has(message.type)) wake();
      }).then((off) => {
        if (stopped) void off();
        else unsubscribe = off;
      }).catch((error: unknown) => logger.warn({ err: error }, 'outgoing webhooks could not listen for new events'));
      wake();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await unsubscribe?.();
      unsubscribe = null;
      await running?.catch(() => undefined);
    },
    async settle() {
      await running?.catch(() => undefined);
    },
  };
}
