// The report scheduler, started with the server: every minute it queues the deliveries of the
// schedules that fired (one per schedule and period: the idempotency record, see
// src/reports/delivery/due-schedules.ts) and sends what is due (send-due.ts); wake() sends at once
// (after "Send now"). Queueing runs one instance at a time (lockedRun on 'reports:queue', a
// Postgres advisory lock), sending likewise on 'reports:send' — and each delivery row is claimed
// with `for update skip locked` and a lease besides, so even two senders never send a row twice.
import { Cron } from 'croner';
import { createMailer, type Mailer } from '../notify/mailer.js';
import { queueDueSchedules, type QueueRun } from '../reports/delivery/due-schedules.js';
import { sendDueReports, type ReportSenderDeps, type SendRun } from '../reports/delivery/send-due.js';
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';
import { wakeRun } from './wake-run.js';

export type ReportScheduler = BackgroundJob & {
  /** Sends what is due now, in the background (after "Send now"). */
  wake(): void;
  /** One run now: queue what fired, then send what is due; null parts when another instance held the lock. */
  tick(): Promise<{ queued: QueueRun | null; sent: SendRun | null }>;
  /** Sends what is due now and waits (null when another instance held the lock). */
  send(): Promise<SendRun | null>;
};

/** The mailer (default: one from config.mail) and, for tests, the builder and renderers. */
export type ReportSchedulerOptions = { mailer?: Mailer | null } & Pick<ReportSenderDeps, 'build' | 'renderEmail' | 'renderFile'>;

export function createReportScheduler(deps: SuccessJobDeps, options: ReportSchedulerOptions = {}): ReportScheduler {
  const { store, logger, now, config } = deps;
  const ownMailer = options.mailer === undefined;
  const mailer = ownMailer ? createMailer(config.mail) : (options.mailer ?? null);
  const sender: ReportSenderDeps = {
    store, logger, now, mailer, publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    ...(options.build ? { build: options.build } : {}),
    ...(options.renderEmail ? { renderEmail: options.renderEmail } : {}),
    ...(options.renderFile ? { renderFile: options.renderFile } : {}),
  };
  let timer: Cron | null = null;
  const queue = lockedRun<QueueRun | null>(store, 'reports:queue', null, () => queueDueSchedules({ store, logger, now }));
  const sending = lockedRun<SendRun | null>(store, 'reports:send', null, () => sendDueReports(sender));

  const tick = async () => {
    const queued = await queue.run();
    if (queued && queued.queued > 0) logger.info(queued, 'scheduled reports queued');
    return { queued, sent: await sending.run() };
  };
  const safely = (what: string, work: () => Promise<unknown>) => void work().catch((error: unknown) => logger.warn({ err: error }, what));

  let stopped = true;
  const waking = wakeRun(sending, { stopped: () => stopped, onError: (error) => logger.warn({ err: error }, 'sending reports failed') });
  const wake = () => waking.wake();

  return {
    tick,
    send: () => sending.run(),
    wake,
    start() {
      stopped = false;
      timer = new Cron('0 * * * * *', { timezone: 'UTC', unref: true, protect: true }, () => safely('the report scheduler failed', tick));
      safely('the report scheduler failed', tick);
    },
    async stop() {
      stopped = true;
      timer?.stop();
      timer = null;
      await waking.settle();
      await queue.settle();
      await sending.settle();
      if (ownMailer) mailer?.close();
    },
    async settle() {
      await waking.settle();
      await queue.settle();
      await sending.settle();
    },
  };
}
