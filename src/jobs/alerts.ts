// Alert evaluation and delivery, started with the server (src/jobs/success-jobs.ts):
//   every 5 minutes — every workspace's rules over all its customers (src/notify/evaluate-alerts.ts);
//   as signals arrive — a `payment_failed` live message queues its customer, evaluated within a
//     second (other signals — usage, tickets, NPS, health and risk — are read by the 5-minute
//     run: an alert on them opens at most 5 minutes after the roll-up that shows it);
//   every minute — the deliveries that are due (new ones are also sent right after an
//     evaluation opens them), with their retries (src/notify/deliveries.ts).
// The 5-minute run evaluates each workspace in batches of EVALUATION_BATCH customers, each its own
// short read and transaction (evaluateWorkspace scoped to the batch) followed by a rest on the
// embedded database (src/jobs/share-connection.ts), then wakes the snoozes that have ended: on
// PGlite's one shared connection a dashboard request waits for one batch at most, not for the
// whole workspace. The batches give exactly the
// one-shot run's alerts (test/integration/alerts-batched.test.ts): every customer the one-shot
// run reads (each summary, each customer with an alert not cleared) is in exactly one batch, and
// what fires for a customer depends only on that customer's signals and the workspace's settings.
// Evaluation runs one at a time across instances (lockedRun on 'alerts:evaluate'; a run that
// finds it held skips, the queued customers wait for the next), delivery likewise on
// 'alerts:deliver', and each delivery row is claimed with `for update skip locked` besides.
import { Cron } from 'croner';
import type { LiveMessage } from '../live/bus.js';
import { sendDueDeliveries, type DeliveryRun } from '../notify/deliveries.js';
import { deliveryTargets, evaluateWorkspace, type Evaluation, type EvaluationDeps } from '../notify/evaluate-alerts.js';
import { liveMessage, type OutgoingMessage } from '../live/messages.js';
import { addDeliveries, evaluationCandidates, listRules, nextNotice, wakeSnoozedAlerts } from '../store/alerts-repo.js';
import { enqueueOutgoing } from '../store/outgoing-webhooks-repo.js';
import { createMailer, type Mailer } from '../notify/mailer.js';
import type { WebhookContent } from '../notify/alert-message.js';
import { listWorkspaces } from '../store/workspaces-repo.js';
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';
import { createPacer } from './share-connection.js';

const QUEUE_DELAY_MS = 500;
/** Customers per batch of the full run (see the header). */
export const EVALUATION_BATCH = 200;

const NO_EVALUATION: Evaluation = { evaluated: 0, opened: 0, cleared: 0, reminded: 0 };
const sum = (a: Evaluation, b: Evaluation): Evaluation => ({
  evaluated: a.evaluated + b.evaluated, opened: a.opened + b.opened, cleared: a.cleared + b.cleared, reminded: a.reminded + b.reminded,
});

export type BatchOptions = { batchSize?: number; onBatch?: (batch: { index: number; customers: number }) => void | Promise<void> };

/** The full evaluation of one workspace (what evaluateWorkspace without customerIds does), in
 *  batches of customers, each in its own transaction, then the ended snoozes' reminders. */
export async function evaluateWorkspaceInBatches(deps: EvaluationDeps, workspaceId: string, options: BatchOptions = {}): Promise<Evaluation> {
  const size = options.batchSize ?? EVALUATION_BATCH;
  const pacer = createPacer(deps.store);
  const candidates = await evaluationCandidates(deps.store.db, workspaceId);
  let total = NO_EVALUATION;
  // At least one batch, even an empty one: it creates the default rules on a first evaluation.
  for (let start = 0, index = 0; start === 0 || start < candidates.length; start += size, index++) {
    const customerIds = candidates.slice(start, start + size);
    total = sum(total, await evaluateWorkspace(deps, workspaceId, { customerIds }));
    await options.onBatch?.({ index, customers: customerIds.length });
    await pacer.pace();
  }
  return { ...total, reminded: total.reminded + (await remindEndedSnoozes(deps, workspaceId)) };
}

/** Snoozes that have ended: the alert is open again and, as its rule still fires (the batches
 *  cleared it otherwise), a reminder goes out (notice 2, 3…) — what the one-shot run does last. */
async function remindEndedSnoozes(deps: EvaluationDeps, workspaceId: string): Promise<number> {
  const rules = await listRules(deps.store.db, workspaceId);
  const ruleOf = new Map(rules.filter((r) => r.enabled).map((r) => [r.ruleId, r]));
  const kindOf = new Map(rules.map((r) => [r.ruleId, r.kind as string]));
  return deps.store.db.transaction().execute(async (trx) => {
    const at = deps.now();
    const messages: OutgoingMessage[] = [];
    let reminded = 0;
    for (const a of await wakeSnoozedAlerts(trx, workspaceId, at)) {
      messages.push(liveMessage('alert_updated', { alertId: a.alertId, ruleId: a.ruleId, kind: kindOf.get(a.ruleId) ?? 'unknown', customerId: a.customerId, status: 'open' }));
      const rule = ruleOf.get(a.ruleId);
      if (!rule) continue; // disabled since its batch ran: the next run clears it
      const added = await addDeliveries(trx, workspaceId, a.alertId, await nextNotice(trx, workspaceId, a.alertId), deliveryTargets(rule), at);
      if (added > 0) reminded += 1;
    }
    await deps.bus.publishIn(trx, workspaceId, messages);
    await enqueueOutgoing(trx, workspaceId, messages, at);
    return reminded;
  });
}

export type AlertsJob = BackgroundJob & {
  /** Evaluates every workspace (the 5-minute run); the totals, or null when another instance held the lock. */
  evaluateAll(): Promise<Evaluation | null>;
  /** Evaluates the customers queued by live messages. */
  evaluateQueued(): Promise<void>;
  /** Sends what is due. */
  deliver(): Promise<DeliveryRun>;
};

export type AlertsJobOptions = { mailer?: Mailer | null; post?: (url: string, content: WebhookContent) => Promise<void> };

export function createAlertsJob(deps: SuccessJobDeps, options: AlertsJobOptions = {}): AlertsJob {
  const { store, logger, now, bus, config } = deps;
  const ownMailer = options.mailer === undefined;
  const mailer = ownMailer ? createMailer(config.mail) : (options.mailer ?? null);
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const evaluation = { store, bus, now };
  const queued = new Map<string, Set<string>>();
  let timers: Cron[] = [];
  let unsubscribe: (() => Promise<void>) | null = null;
  let pendingTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const full = lockedRun<Evaluation | null>(store, 'alerts:evaluate', null, async () => {
    let total = NO_EVALUATION;
    for (const workspace of await listWorkspaces(store.db)) {
      try {
        total = sum(total, await evaluateWorkspaceInBatches(evaluation, workspace.id));
      } catch (error) {
        logger.warn({ err: error, workspaceId: workspace.id }, 'evaluating alert rules failed');
      }
    }
    if (total.opened + total.cleared + total.reminded > 0) logger.info(total, 'alert rules evaluated');
    return total;
  });

  const targeted = lockedRun<boolean>(store, 'alerts:evaluate', false, async () => {
    for (const [workspaceId, customers] of [...queued]) {
      queued.delete(workspaceId);
      try {
        await evaluateWorkspace(evaluation, workspaceId, { customerIds: [...customers] });
      } catch (error) {
        logger.warn({ err: error, workspaceId }, 'evaluating alert rules for new signals failed');
      }
    }
    return true;
  });

  const delivery = lockedRun<DeliveryRun>(store, 'alerts:deliver', { sent: 0, retried: 0, failed: 0 },
    () => sendDueDeliveries({ store, logger, now, mailer, publicUrl, ...(options.post ? { post: options.post } : {}) }));

  const safely = (what: string, work: () => Promise<unknown>) => work().catch((error: unknown) => logger.warn({ err: error }, what));
  const evaluateAll = async () => {
    const result = await full.run();
    await delivery.run();
    return result;
  };
  const evaluateQueued = async () => {
    if (queued.size === 0) return;
    await targeted.run();
    await delivery.run();
  };

  const onMessage = (message: LiveMessage) => {
    if (message.type !== 'payment_failed' || stopped) return;
    const customerId = (message.data as { customerId?: unknown } | null)?.customerId;
    if (typeof customerId !== 'string') return;
    const set = queued.get(message.workspaceId) ?? queued.set(message.workspaceId, new Set()).get(message.workspaceId)!;
    set.add(customerId);
    pendingTimer ??= setTimeout(() => {
      pendingTimer = null;
      void safely('evaluating alert rules for new signals failed', evaluateQueued);
    }, QUEUE_DELAY_MS);
  };

  return {
    evaluateAll,
    evaluateQueued,
    deliver: () => delivery.run(),
    start() {
      stopped = false;
      timers = [
        new Cron('30 */5 * * * *', { timezone: 'UTC', unref: true, protect: true }, () => void safely('evaluating alert rules failed', evaluateAll)),
        new Cron('0 * * * * *', { timezone: 'UTC', unref: true, protect: true }, () => void safely('sending alert deliveries failed', async () => {
          await evaluateQueued();
          await delivery.run();
        })),
      ];
      void bus.subscribe(onMessage).then((off) => {
        if (stopped) void off();
        else unsubscribe = off;
      }).catch((error: unknown) => logger.warn({ err: error }, 'alerts could not listen for new signals'));
      void safely('evaluating alert rules failed', evaluateAll);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) timer.stop();
      timers = [];
      if (pendingTimer) clearTimeout(pendingTimer);
      pendingTimer = null;
      await unsubscribe?.();
      unsubscribe = null;
      await full.settle();
      await targeted.settle();
      await delivery.settle();
      if (ownMailer) mailer?.close();
    },
    async settle() {
      await full.settle();
      await targeted.settle();
      await delivery.settle();
    },
  };
}
