// `revpulse dead-letters list|retry`: events and customer ledgers parked after repeated failures,
// with their last error; retry them once the cause is fixed (a running server picks them up
// within its poll interval).
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { listParkedLedgers, retryParkedLedgers } from '../../store/ledger-repo.js';
import { listDeadLetters, retryDeadLetters } from '../../store/raw-events-repo.js';
import { findWorkspace, listWorkspaces, type Workspace } from '../../store/workspaces-repo.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { UsageError } from '../usage-error.js';

async function workspacesOf(db: Kysely<Database>, id: string | undefined): Promise<Workspace[]> {
  if (!id) return listWorkspaces(db);
  const workspace = await findWorkspace(db, id);
  if (!workspace) throw new UsageError(`no workspace with id ${id}`);
  return [workspace];
}

export function registerDeadLetters(program: Command): void {
  const dead = program.command('dead-letters').description('events and ledgers parked after repeated failures: list them, retry them');

  dead
    .command('list')
    .description('list parked events and customer ledgers with their last error')
    .option('--workspace <id>', 'only this workspace (default: every workspace)')
    .action(async (options: { workspace?: string }) => {
      const runtime = await openRuntime(loadConfig(), 'dead-letters list');
      try {
        let total = 0;
        for (const workspace of await workspacesOf(runtime.store.db, options.workspace)) {
          const events = await listDeadLetters(runtime.store.db, workspace.id, { limit: 1000 });
          const ledgers = await listParkedLedgers(runtime.store.db, workspace.id, 1000);
          for (const e of events) {
            process.stdout.write(`${workspace.name}\tevent ${e.eventId}\t${e.type}\t${e.attempts} attempts\t${e.lastError ?? ''}\n`);
          }
          for (const l of ledgers) process.stdout.write(`${workspace.name}\tledger of ${l.customerId}\t${l.attempts} attempts\t${l.lastError ?? ''}\n`);
          total += events.length + ledgers.length;
        }
        if (total === 0) process.stdout.write('No dead letters.\n');
      } finally {
        await runtime.close();
      }
    });

  dead
    .command('retry')
    .description('queue parked events and ledgers again, with a fresh set of attempts')
    .option('--workspace <id>', 'only this workspace (default: every workspace)')
    .option('--event <id...>', 'only these event ids')
    .action(async (options: { workspace?: string; event?: string[] }) => {
      const runtime = await openRuntime(loadConfig(), 'dead-letters retry');
      try {
        let events = 0;
        let ledgers = 0;
        for (const workspace of await workspacesOf(runtime.store.db, options.workspace)) {
          events += await retryDeadLetters(runtime.store.db, workspace.id, options.event ? { eventIds: options.event } : {});
          if (!options.event) ledgers += await retryParkedLedgers(runtime.store.db, workspace.id);
        }
        process.stdout.write(`Queued again: ${events} event(s), ${ledgers} customer ledger(s). A running server processes them within seconds; otherwise at its next start.\n`);
      } finally {
        await runtime.close();
      }
    });
}
