// Alert evaluation and delivery, started with the server (src/jobs/success-jobs.ts):
//   every 5 minutes — every workspace's rules over all its customers (src/notify/evaluate-alerts.ts);
//   as signals arrive — a `payment_failed` live message queues its customer, evaluated within a
//     second (other signals — usage, tickets, NPS, health and risk — are read by the 5-minute
//     run: an alert on them opens at most 5 minutes after the roll-up that shows it);
//   every minute — the deliveries that are due (new ones are also sent right after an
//     evaluation opens them), with their retries (src/notify/deliveries.ts).
// Evaluation runs one at a time across instances (lockedRun on 'alerts:evaluate'; a run that
// finds it held skips, the queued customers wait for the next), delivery likewise on
// 'alerts:deliver', and each delivery row is claimed with `for update skip locked` besides.
import { Cron } from 'croner';
import type { LiveMessage } from '../live/bus.js';
import { sendDueDeliveries, type DeliveryRun } from '../notify/deliveries.js';
import { evaluateWorkspace, type Evaluation } from '../notify/evaluate-alerts.js';
import { createMailer, type Mailer } from '../notify/mailer.js';
import type { WebhookContent } from '../notify/alert-message.js';
import { listWorkspaces } from '../store/workspaces-repo.js';
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';

const QUEUE_DELAY_MS = 500;

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

  const sum = (a: Evaluation, b: Evaluation): Evaluation => ({
    evaluated: a.evaluated + b.evaluated, opened: a.opened + b.opened, cleared: a.cleared + b.cleared, reminded: a.reminded + b.reminded,
  });

  const full = lockedRun<Evaluation | null>(store, 'alerts:evaluate', null, async () => {
    let total: Evaluation = { evaluated: 0, opened: 0, cleared: 0, reminded: 0 };
    for (const workspace of await listWorkspaces(store.db)) {
      try {
        total = sum(total, await evaluateWorkspace(evaluation, workspace.id));
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
