// Re-derives one workspace from its raw event log, as `revpulse rebuild` does: every stored event
// is queued again and run through the ingest pipeline (records, snapshots), then a clean ledger
// rebuild makes the derived tables exactly those of a rebuild from scratch. The command and the
// engine benchmark both call this, so what the benchmark times is what the command runs.
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { reprocessWorkspace } from '../ingest/reprocess.js';
import { rebuildWorkspace } from '../engine/recompute.js';

export type RederiveResult = { events: number; customers: number; failed: number };

export async function rederiveWorkspace(
  store: Store,
  workspace: Workspace,
  options: { logger: Logger; now?: () => Date; onEvents?: (processed: number, queued: number) => void },
): Promise<RederiveResult> {
  const now = options.now ?? (() => new Date());
  // Records and snapshots in bulk (src/ingest/reprocess.ts); every customer is left queued.
  const { events } = await reprocessWorkspace(store, workspace.id, { logger: options.logger, now, ...(options.onEvents ? { onEvents: options.onEvents } : {}) });
  // A clean ledger rebuild makes the derived tables exactly those of a rebuild from scratch (and
  // reports what could not compute); it clears the queue.
  const { customers, failed } = await rebuildWorkspace(store.db, workspace, now());
  return { events, customers, failed };
}
