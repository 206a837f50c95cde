// Writes each customer's health score for the day, for every customer with any subscription
// history: today's row every hour (replaced, so it follows the day's signals), and the history a
// workspace is missing — weekly points for the last 12 weeks and daily ones for the last 14
// days — after the first of those runs, in the background, never holding up start-up. One
// instance at a time (lockedRun); progress goes to the log. A day is scored in batches of
// SNAPSHOT_BATCH customers, paced (src/jobs/share-connection.ts), so on the embedded database a
// dashboard request waits for one batch at most; a customer's score depends only on its own
// signals and the workspace's settings, so the batches write what one pass would
// (test/integration/health-batched.test.ts).
import { Cron } from 'croner';
import { addDays, type Day } from '../core/dates.js';
import { asOf } from '../read/clock.js';
import { healthOfCustomers } from '../read/health/load.js';
import type { Store } from '../store/db.js';
import { analyzeSignalTables, customersWithSubscriptions, snapshotDaysPresent, upsertHealthSnapshots } from '../store/health-repo.js';
import { loadSuccessSettings } from '../store/success-settings-repo.js';
import { listWorkspaces } from '../store/workspaces-repo.js';
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';
import { createPacer, type Pacer } from './share-connection.js';
import { chunks } from '../store/batches.js';

export const BACKFILL_WEEKS = 12;
export const BACKFILL_DAYS = 14;
/** Customers scored per batch. */
export const SNAPSHOT_BATCH = 500;

export type SnapshotOptions = { batchSize?: number; pacer?: Pacer };

/** Scores every customer with subscription history on `day` and stores the snapshots (a past
 *  day as at its end, today as at `now`). Returns how many were written. */
export async function snapshotHealth(store: Store, workspaceId: string, day: Day, now: Date = new Date(), options: SnapshotOptions = {}): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  if (day > today) throw new RangeError(`cannot snapshot ${day}: it is after today (${today})`);
  const at = day === today ? now : new Date(Date.parse(`${addDays(day, 1)}T00:00:00Z`) - 1);
  const customerIds = await customersWithSubscriptions(store.db, workspaceId, day);
  if (customerIds.length === 0) return 0;
  const settings = await loadSuccessSettings(store.db, workspaceId);
  const pacer = options.pacer ?? createPacer(store);
  let written = 0;
  for (const batch of chunks(customerIds, options.batchSize ?? SNAPSHOT_BATCH)) {
    const { scored } = await healthOfCustomers(store.db, workspaceId, { day, asOf: asOf(at), customerIds: batch, settings });
    await upsertHealthSnapshots(store.db, workspaceId, scored.map(({ customerId, health: h }) => ({
      customerId, day, score: h.score, band: h.band, partial: h.partial,
      components: h.components.map((c) => ({ name: c.name, weight: c.weight, value: c.value, explanation: c.explanation })),
    })));
    written += scored.length;
    await pacer.pace();
  }
  return written;
}

/** The past days a workspace should have snapshots for: every day of the last two weeks and one
 *  a week before that for twelve weeks, newest first. */
export function backfillDays(today: Day): Day[] {
  const days = new Set<Day>();
  for (let i = 1; i < BACKFILL_DAYS; i++) days.add(addDays(today, -i));
  for (let w = 1; w <= BACKFILL_WEEKS; w++) days.add(addDays(today, -7 * w));
  return [...days].sort().reverse();
}

export type HealthSnapshotRun = { workspaces: number; today: number; backfilled: number; days: number };

export type HealthSnapshotJob = BackgroundJob & { run(): Promise<HealthSnapshotRun> };

const NONE: HealthSnapshotRun = { workspaces: 0, today: 0, backfilled: 0, days: 0 };

export function createHealthSnapshotJob(deps: SuccessJobDeps): HealthSnapshotJob {
  let job: Cron | null = null;
  let stopping = false;
  const work = lockedRun(deps.store, 'health:snapshots', NONE, async () => {
    const now = deps.now();
    const today = now.toISOString().slice(0, 10);
    const result = { ...NONE };
    const pacer = createPacer(deps.store);
    // PGlite has no autovacuum: without fresh statistics the signals queries take nested loops.
    if (deps.store.kind === 'pglite') await analyzeSignalTables(deps.store.db);
    for (const workspace of await listWorkspaces(deps.store.db)) {
      if (stopping) break;
      result.workspaces++;
      const started = Date.now();
      const scored = await snapshotHealth(deps.store, workspace.id, today, now, { pacer });
      result.today += scored;
      deps.logger.debug({ workspaceId: workspace.id, customers: scored, ms: Date.now() - started }, "today's health snapshots written");
      // No customer with a subscription today: none on any earlier day either.
      if (scored === 0) continue;
      const wanted = backfillDays(today);
      const present = await snapshotDaysPresent(deps.store.db, workspace.id, wanted);
      const missing = wanted.filter((d) => !present.has(d));
      for (const [i, day] of missing.entries()) {
        if (stopping) break;
        const t0 = Date.now();
        const n = await snapshotHealth(deps.store, workspace.id, day, now, { pacer });
        result.backfilled += n;
        result.days++;
        deps.logger.info({ workspaceId: workspace.id, day, customers: n, ms: Date.now() - t0, done: i + 1, of: missing.length }, 'health history backfilled');
      }
    }
    return result;
  });
  const safeRun = () => work.run().catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'health snapshots failed');
    return NONE;
  });
  return {
    run: () => work.run(),
    start() {
      stopping = false;
      job = new Cron('0 7 * * * *', { timezone: 'UTC', unref: true, protect: true }, () => void safeRun());
      // In the background: start-up never waits for scores or the backfill.
      void safeRun();
    },
    async stop() {
      stopping = true;
      job?.stop();
      await work.settle();
    },
    settle: () => work.settle(),
  };
}
