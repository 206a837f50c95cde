// Deletes the sessions nobody can use any more — past their absolute lifetime
// (REVPULSE_SESSION_TTL_HOURS) or idle longer than REVPULSE_SESSION_IDLE_MINUTES — on start and
// every hour after, one instance at a time (an advisory lock on PostgreSQL). A request bearing
// such a session is refused anyway (src/accounts/sessions.ts); pruning keeps the sessions table
// from growing with every sign-in that was never signed out.
import { Cron } from 'croner';
import { pruneSessions, type SessionPolicy } from '../accounts/sessions.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { lockedRun } from './locked-run.js';

export type SessionPruneDeps = { store: Store; logger: Logger; now: () => Date; policy: SessionPolicy };

export type SessionPruneJob = {
  /** Prunes once now (in the background) and then at minute 17 of every hour. */
  start(): void;
  /** One prune; how many sessions went (0 when another instance holds the lock). */
  run(): Promise<number>;
  /** Stops the schedule and waits for a prune under way. */
  stop(): Promise<void>;
};

export function createSessionPruneJob(deps: SessionPruneDeps): SessionPruneJob {
  let job: Cron | null = null;
  const prune = lockedRun(deps.store, 'sessions:prune', 0, async () => {
    const pruned = await pruneSessions(deps.store.db, { now: deps.now(), policy: deps.policy });
    if (pruned > 0) deps.logger.debug({ pruned }, 'expired sessions deleted');
    return pruned;
  });
  const safeRun = () => prune.run().catch((error: unknown) => deps.logger.warn({ err: error }, 'pruning expired sessions failed'));
  return {
    run: () => prune.run(),
    start() {
      job = new Cron('0 17 * * * *', { timezone: 'UTC', unref: true, protect: true }, () => void safeRun());
      void safeRun();
    },
    async stop() {
      job?.stop();
      await prune.settle();
    },
  };
}
