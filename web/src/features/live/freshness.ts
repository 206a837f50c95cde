// Decides what the live indicator says: whether the figures on screen can be called live.
import { formatAge } from '../../lib/format.js';
import type { ConnectionStatus } from './live-connection.js';

export type LiveState = 'live' | 'connecting' | 'stale';

export type Freshness = { state: LiveState; label: string };

/** Figures older than this are not "live", even with the socket open. */
export const MAX_LIVE_AGE_MS = 5 * 60_000;

export type FreshnessInput = {
  connection: ConnectionStatus;
  /** Client time (ms) at which the shown figures were last confirmed by the server; null before any. */
  dataUpdatedAt: number | null;
  now: number;
  /** The figures could not be loaded at all: nothing is coming, so not "connecting". */
  loadFailed?: boolean;
  maxAgeMs?: number;
};

export function freshness({ connection, dataUpdatedAt, now, loadFailed = false, maxAgeMs = MAX_LIVE_AGE_MS }: FreshnessInput): Freshness {
  if (dataUpdatedAt === null) {
    if (loadFailed || connection === 'down') return { state: 'stale', label: 'Stale · no data yet' };
    // The first figures are on their way: still starting up, not stale.
    return { state: 'connecting', label: 'Connecting…' };
  }
  if (connection === 'connecting') return { state: 'connecting', label: 'Connecting…' };
  const age = Math.max(0, now - dataUpdatedAt);
  if (connection === 'open' && age < maxAgeMs) return { state: 'live', label: 'Live' };
  return { state: 'stale', label: `Stale · updated ${formatAge(age)}` };
}
