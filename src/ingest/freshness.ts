// How current a source's data is, for the dashboard's indicator (the "revenue heartbeat"):
// Syncing while a sync runs, Error when the last one failed, Live when the latest event or
// successful sync is under five minutes old, Stale otherwise.

export type Freshness = 'live' | 'syncing' | 'stale' | 'error';

export const LIVE_WINDOW_MS = 5 * 60_000;
/** A sync marked running for longer than this died with its process; it no longer counts. */
export const ABANDONED_SYNC_MS = 6 * 60 * 60_000;

export type FreshnessInput = {
  lastEventAt: Date | null;
  lastSyncedAt: Date | null;
  lastError: string | null;
  runningSince: Date | null;
};

export function sourceFreshness(input: FreshnessInput, now: Date): Freshness {
  const nowMs = now.getTime();
  if (input.runningSince && nowMs - input.runningSince.getTime() < ABANDONED_SYNC_MS) return 'syncing';
  if (input.lastError) return 'error';
  const latest = Math.max(input.lastEventAt?.getTime() ?? 0, input.lastSyncedAt?.getTime() ?? 0);
  return latest > 0 && nowMs - latest < LIVE_WINDOW_MS ? 'live' : 'stale';
}
