import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { rebuildWorkspace } from '../../engine/recompute.js';
import { findWorkspace, listWorkspaces } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';
import { progressLine } from '../progress.js';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild the derived ledger of every workspace (or one) from the stored events')
    .option('--workspace <id>', 'only this workspace')
    .action(async (options: { workspace?: string }) => {
      const runtime = await openRuntime(loadConfig(), 'rebuild');
      try {
        const workspaces = options.workspace
          ? [await findWorkspace(runtime.store.db, options.workspace)]
          : await listWorkspaces(runtime.store.db);
        if (workspaces.some((w) => w === null)) throw new UsageError(`no workspace with id ${options.workspace}`);
        for (const workspace of workspaces) {
          if (!workspace) continue;
          const started = Date.now();
          const progress = progressLine(`Rebuilding ${workspace.name}`);
          const { customers } = await rebuildWorkspace(runtime.store.db, workspace, new Date(), progress.update);
          progress.done(`${workspace.name}: ${customers} customers rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      } finally {
        await runtime.close();
      }
    });
}
