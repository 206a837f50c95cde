import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { rebuildWorkspace } from '../../engine/recompute.js';
import { rederiveWorkspace } from '../../jobs/rederive.js';
import { findWorkspace, listWorkspaces } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';
import { progressLine } from '../progress.js';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild everything derived (records, snapshots, ledger) from the stored raw events')
    .option('--workspace <id>', 'only this workspace')
    .option('--ledger-only', 'only recompute the ledger from the stored subscription snapshots (faster)')
    .action(async (options: { workspace?: string; ledgerOnly?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), 'rebuild');
      const db = runtime.store.db;
      try {
        const workspaces = options.workspace ? [await findWorkspace(db, options.workspace)] : await listWorkspaces(db);
        if (workspaces.some((w) => w === null)) throw new UsageError(`no workspace with id ${options.workspace}`);
        for (const workspace of workspaces) {
          if (!workspace) continue;
          const started = Date.now();
          if (options.ledgerOnly) {
            const progress = progressLine(`Recomputing the ledger of ${workspace.name}`);
            const { customers, failed } = await rebuildWorkspace(db, workspace, new Date(), progress.update);
            progress.done(`${workspace.name}: ${customers} customers recomputed in ${((Date.now() - started) / 1000).toFixed(1)} s${failed > 0 ? ` (${failed} could not be computed; see \`revpulse dead-letters list\`)` : ''}`);
            continue;
          }
          const progress = progressLine(`Reprocessing ${workspace.name}`);
          const { events, failed } = await rederiveWorkspace(runtime.store, workspace, { logger: createLogger('warn'), onEvents: progress.update });
          progress.done(`${workspace.name}: ${events} events reprocessed and the ledger rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          if (failed > 0) process.stdout.write(`${workspace.name}: ${failed} customer ledger(s) could not be computed; see \`revpulse dead-letters list\`\n`);
        }
      } finally {
        await runtime.close();
      }
    });
}
