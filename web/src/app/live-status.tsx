import type { UseQueryResult } from '@tanstack/react-query';
import type { Role } from '../features/auth/session.js';
import { freshness, serverNow } from '../features/live/freshness.js';
import { useLiveStatus } from '../features/live/live-context.js';
import { LiveIndicator } from '../features/live/live-indicator.js';
import { useNow } from '../features/live/use-now.js';
import type { Summary } from '../features/metrics/summary.js';
import { serverClock } from '../features/metrics/use-summary.js';
import { useSourceStatus } from './use-source-status.js';

const CLOCK_TICK_MS = 5_000;
const SEES_SOURCES: ReadonlySet<Role> = new Set(['owner', 'admin', 'analyst', 'viewer', 'billing']);

/** The live indicator of the open workspace: the feed's state, the age of the newest data and
 *  each source's state. */
export function LiveStatus({ workspaceId, role, summary, settingsHref }: { workspaceId: string; role: Role | null; summary: UseQueryResult<Summary>; settingsHref: string }) {
  const connection = useLiveStatus();
  const sources = useSourceStatus(workspaceId, role !== null && SEES_SOURCES.has(role));
  const clientNow = useNow(CLOCK_TICK_MS);
  const now = serverNow(clientNow, serverClock(workspaceId));
  const newestSource = Math.max(...(sources.data ?? []).map((s) => s.lastActivityAt ?? 0), 0);
  const lastEvent = summary.data?.lastEventAt ? Date.parse(summary.data.lastEventAt) : 0;
  const lastDataAt = Math.max(newestSource, lastEvent) || null;
  const state = freshness({ connection, lastDataAt, now, loaded: summary.data !== undefined, loadFailed: summary.isError, sources: sources.data });
  return <LiveIndicator freshness={state} settingsHref={role === 'owner' || role === 'admin' ? settingsHref : undefined} />;
}
