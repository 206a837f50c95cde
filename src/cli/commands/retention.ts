// `revpulse retention run|status [--workspace ID]`: apply the retention policies now (what the
// server's daily job does; one instance at a time, so it waits for nothing and skips when a server
// holds the lock), or show each workspace's policy and its last runs.
import type { Command } from 'commander';
import { runRetention } from '../../compliance/retention.js';
import { POLICY_ROWS } from '../../compliance/report.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { RUN_COUNT_LABELS } from '../../read/compliance/contract.js';
import { openRuntime } from '../../runtime.js';
import { getPolicy, lastRuns, workspacesToRetain, type RetentionCounts } from '../../store/retention-repo.js';
import { withSourceLock } from '../../store/source-lock.js';
import { findWorkspace, listWorkspaces, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

const countsText = (counts: RetentionCounts) =>
  RUN_COUNT_LABELS.filter(([key]) => counts[key] !== undefined).map(([key, label]) => `${label.toLowerCase()}: ${counts[key]}`).join(', ') || 'nothing to do';

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('retention policies: apply them now, or show them and their last runs');

  retention
    .command('run')
    .description('apply the retention policies now (every workspace with a policy or an export file, or one)')
    .option('--workspace <id>', 'only this workspace')
    .action(async (options: { workspace?: string }) => {
      const config = loadConfig();
      const runtime = await openRuntime(config, 'retention run');
      try {
        const db = runtime.store.db;
        if (options.workspace && !(await findWorkspace(db, options.workspace))) throw new UsageError(`no workspace with id ${options.workspace}`);
        const deps = { store: runtime.store, logger: createLogger('warn'), now: () => new Date(), auth: config.auth };
        const locked = await withSourceLock(runtime.store, 'retention:run', () => runRetention(deps, options.workspace ? { workspaceIds: [options.workspace] } : {}));
        if (!locked.acquired) throw new UsageError('another instance is applying the retention policies right now: try again in a minute', 1);
        if (locked.value.length === 0) process.stdout.write('No workspace has a retention policy or an export file: nothing to do.\n');
        for (const result of locked.value) {
          const workspace = await findWorkspace(db, result.workspaceId);
          const name = workspace?.name ?? result.workspaceId;
          process.stdout.write(result.status === 'completed' ? `${name}: ${countsText(result.counts)}\n` : `${name}: FAILED: ${result.error}\n`);
        }
        if (locked.value.some((r) => r.status === 'failed')) process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });

  retention
    .command('status')
    .description("each workspace's retention policy and its last runs")
    .option('--workspace <id>', 'only this workspace (default: every workspace with a policy or an export file)')
    .option('--json', 'as JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), 'retention status');
      try {
        const db = runtime.store.db;
        let workspaces: Workspace[];
        if (options.workspace) {
          const workspace = await findWorkspace(db, options.workspace);
          if (!workspace) throw new UsageError(`no workspace with id ${options.workspace}`);
          workspaces = [workspace];
        } else {
          const ids = new Set(await workspacesToRetain(db));
          workspaces = (await listWorkspaces(db)).filter((w) => ids.has(w.id));
        }
        const statuses = await Promise.all(workspaces.map(async (w) => ({ workspace: w, policy: await getPolicy(db, w.id), runs: await lastRuns(db, w.id, 5) })));
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ data: statuses.map((s) => ({ workspaceId: s.workspace.id, name: s.workspace.name, policy: s.policy, runs: s.runs })) }, null, 2)}\n`);
          return;
        }
        if (statuses.length === 0) process.stdout.write('No workspace has a retention policy: everything is kept for ever (export files 7 days).\n');
        for (const { workspace, policy, runs } of statuses) {
          process.stdout.write(`${workspace.name} (${workspace.id})\n`);
          for (const row of POLICY_ROWS) {
            const days = policy[row.field];
            process.stdout.write(`  ${row.kind.padEnd(20)} ${days === null ? 'kept for ever' : `${days} days`}\n`);
          }
          if (runs.length === 0) process.stdout.write('  no run yet\n');
          for (const run of runs) process.stdout.write(`  ${run.startedAt.toISOString()}  ${run.status.padEnd(9)}  ${run.error ?? countsText(run.counts)}\n`);
        }
      } finally {
        await runtime.close();
      }
    });
}
