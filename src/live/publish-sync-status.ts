// The seam for the Stripe connection: its sync (run-sync.ts, the heartbeat) calls this when a
// source starts syncing, finishes or fails, and every open dashboard of the workspace gets a
// `sync_status` message (sources:read). Only the allow-listed fields are sent: an error message
// is cut to 300 characters and must already be redacted by the caller (describeSyncError).
import type { LiveBus } from './bus.js';
import { liveMessage } from './messages.js';

export type SyncStatusUpdate = {
  workspaceId: string;
  sourceId: string;
  status: 'running' | 'done' | 'failed';
  kind: 'full' | 'incremental' | null;
  /** Events stored by the sync (done). */
  stored?: number | null;
  error?: string | null;
};

export type SyncStatusPublisher = (update: SyncStatusUpdate) => Promise<void>;

export function createSyncStatusPublisher(bus: LiveBus): SyncStatusPublisher {
  return async (update) => {
    const { type, data } = liveMessage('sync_status', {
      sourceId: update.sourceId,
      status: update.status,
      kind: update.kind,
      stored: update.stored ?? null,
      error: update.error ? update.error.slice(0, 300) : null,
    });
    await bus.publish(update.workspaceId, type, data);
  };
}
