// Decides what the live indicator says (the heartbeat seed): green pulsing "Live" while the
// newest data is under 5 minutes old and the feed is open; a spinner while connecting or while a
// source syncs; grey "Stale · updated 2h ago" otherwise; red when a source's sync failed, with
// each source's own state listed. Ages are measured on the server's clock (estimated from the
// last answer), so a client with a wrong clock, or a test that moves the server's, reads true.
import { formatAge } from '../../lib/format.js';
import type { ConnectionStatus } from './live-connection.js';

export type LiveState = 'live' | 'connecting' | 'syncing' | 'stale' | 'error';
export type SourceFreshness = 'live' | 'syncing' | 'stale' | 'error';

export type SourceStatus = {
  id: string;
  name: string;
  freshness: SourceFreshness;
  /** Server time (ms) of the source's last event or successful sync. */
  lastActivityAt: number | null;
  lastError: string | null;
};

export type SourceView = { id: string; name: string; state: SourceFreshness; label: string };

export type Freshness = { state: LiveState; label: string; sources?: SourceView[] };

/** Figures older than this are not "live", even with the socket open. */
export const MAX_LIVE_AGE_MS = 5 * 60_000;

export type FreshnessInput = {
  connection: ConnectionStatus;
  /** Server time (ms) of the newest data (an event processed or a sync); null when none ever. */
  lastDataAt: number | null;
  /** Server time (ms) now. */
  now: number;
  /** The figures have been answered at least once. */
  loaded: boolean;
  /** The figures could not be loaded at all: nothing is coming, so not "connecting". */
  loadFailed?: boolean;
  /** The workspace's sources, when the caller may see them. */
  sources?: readonly SourceStatus[];
  maxAgeMs?: number;
};

function ageLabel(now: number, at: number | null): string {
  return at === null ? 'no data yet' : `updated ${formatAge(Math.max(0, now - at))}`;
}

export function sourceView(source: SourceStatus, now: number): SourceView {
  const label =
    source.freshness === 'error'
      ? `Error${source.lastError ? `: ${source.lastError}` : ''}`
      : source.freshness === 'syncing'
        ? 'Syncing…'
        : source.freshness === 'live'
          ? 'Live'
          : `Stale · ${ageLabel(now, source.lastActivityAt)}`;
  return { id: source.id, name: source.name, state: source.freshness, label };
}

export function freshness(input: FreshnessInput): Freshness {
  const { connection, lastDataAt, now, loaded, loadFailed = false, maxAgeMs = MAX_LIVE_AGE_MS } = input;
  const sources = input.sources?.map((s) => sourceView(s, now));
  const withSources = (f: Omit<Freshness, 'sources'>): Freshness => (sources && sources.length > 0 ? { ...f, sources } : f);
  if (!loaded) {
    if (loadFailed || connection === 'down') return withSources({ state: 'stale', label: 'Stale · no data yet' });
    return withSources({ state: 'connecting', label: 'Connecting…' });
  }
  const failed = sources?.filter((s) => s.state === 'error') ?? [];
  if (failed.length === 1) return withSources({ state: 'error', label: `Sync error · ${failed[0]!.name}` });
  if (failed.length > 1) return withSources({ state: 'error', label: `Sync errors · ${failed.length} sources` });
  if (sources?.some((s) => s.state === 'syncing')) return withSources({ state: 'syncing', label: 'Syncing…' });
  if (connection === 'connecting') return withSources({ state: 'connecting', label: 'Connecting…' });
  const age = lastDataAt === null ? Number.POSITIVE_INFINITY : now - lastDataAt;
  if (connection === 'open' && age < maxAgeMs) return withSources({ state: 'live', label: 'Live' });
  return withSources({ state: 'stale', label: `Stale · ${ageLabel(now, lastDataAt)}` });
}

/** The server's time now, from the client clock and the last answer's server time. */
export function serverNow(clientNow: number, clock: { clientAt: number; serverAt: number } | null): number {
  return clock ? clock.serverAt + (clientNow - clock.clientAt) : clientNow;
}
