// Queues the deliveries of the schedules that fired. For each enabled schedule, the fire times in
// (checked_until, now] queue ONE delivery: the latest of them (a server down for days catches up
// with one e-mail, not one per missed fire time), for the last period of the report's granularity
// that is complete at that fire time, read as of that fire time. The row is inserted with
// `on conflict do nothing` on (workspace, schedule, period) — the idempotency record — so two
// instances, a restart, or a cron firing several times in one period queue it once; then the
// schedule's clock moves to now. A schedule whose custom report was deleted records a failed
// delivery saying so (visible in the delivery log) instead of sending.
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/db.js';
import { newId } from '../../store/ids.js';
import { queueScheduledDelivery } from '../../store/report-deliveries-repo.js';
import { advanceCheckedUntil, enabledSchedulesBehind, workspacesWithEnabledSchedules, type StoredSchedule } from '../../store/report-schedules-repo.js';
import { lastCompletePeriod } from '../period.js';
import { reportGranularity } from './report-key.js';
import { latestFireIn } from './schedule-rules.js';

export type QueueRun = { queued: number; alreadyQueued: number };

export async function queueDueSchedules(deps: { store: Store; logger: Logger; now: () => Date }): Promise<QueueRun> {
  const run: QueueRun = { queued: 0, alreadyQueued: 0 };
  const db = deps.store.db;
  const now = deps.now();
  for (const workspaceId of await workspacesWithEnabledSchedules(db, now)) {
    for (const schedule of await enabledSchedulesBehind(db, workspaceId, now)) {
      try {
        const queued = await queueOne(deps, workspaceId, schedule, now);
        if (queued !== null) run[queued ? 'queued' : 'alreadyQueued'] += 1;
        await advanceCheckedUntil(db, workspaceId, schedule.id, now);
      } catch (error) {
        // The clock stays put: the next run tries this schedule's fire time again.
        deps.logger.warn({ err: error, workspaceId, scheduleId: schedule.id }, 'queueing a scheduled report failed');
      }
    }
  }
  return run;
}

/** True when it queued a delivery, false when the period already had one, null when nothing fired. */
async function queueOne(deps: { store: Store; logger: Logger }, workspaceId: string, schedule: StoredSchedule, now: Date): Promise<boolean | null> {
  const fire = latestFireIn(schedule.cron, schedule.timeZone, schedule.checkedUntil, now);
  if (!fire) return null;
  const granularity = await reportGranularity(deps.store.db, workspaceId, schedule.reportKey);
  const period = lastCompletePeriod(granularity ?? 'day', fire);
  const queued = await queueScheduledDelivery(deps.store.db, {
    workspaceId, id: newId('dlv'), scheduleId: schedule.id, reportKey: schedule.reportKey, periodKey: period.key, asOf: fire,
    recipients: schedule.recipients, formats: schedule.formats, trigger: 'schedule', requestedBy: null, now,
    ...(granularity ? {} : { failedWith: `the report ${schedule.reportKey} no longer exists: delete this schedule or point it at another report` }),
  });
  if (!granularity) deps.logger.warn({ workspaceId, scheduleId: schedule.id, reportKey: schedule.reportKey }, 'a report schedule names a report that no longer exists');
  return queued;
}
