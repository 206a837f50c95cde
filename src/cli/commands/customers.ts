// `revpulse customers link|unlink|links`: one customer across sources. `link` makes a provider
// customer count as another in every count and movement (a mapping; it wins over e-mail
// matching), `unlink` makes it count on its own again (and keeps e-mail matching from linking it
// back), `links` lists every link. Changes recompute both sides before the command returns.
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../config.js';
import { linkCustomer, unlinkCustomer } from '../../engine/customer-identity.js';
import { ApiError } from '../../errors.js';
import { openRuntime } from '../../runtime.js';
import { listLinks } from '../../store/customer-identities-repo.js';
import type { Database } from '../../store/schema.js';
import { findWorkspace, listWorkspaces, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

/** The --workspace given, or the only workspace there is. */
async function workspaceOf(db: Kysely<Database>, id: string | undefined): Promise<Workspace> {
  if (id) {
    const workspace = await findWorkspace(db, id);
    if (!workspace) throw new UsageError(`no workspace with id ${id}`);
    return workspace;
  }
  const all = await listWorkspaces(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new UsageError('there is no workspace yet');
  throw new UsageError(`there are ${all.length} workspaces: name one with --workspace <id> (${all.map((w) => `${w.id} ${w.name}`).join(', ')})`);
}

/** Runs a change; a refusal (cycle, unknown customer, not linked) is the user's to fix: one line, exit 1. */
async function refusable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw new UsageError(error.message, 1);
    throw error;
  }
}

const BY = 'revpulse customers (command line)';

export function registerCustomers(program: Command): void {
  const customers = program.command('customers').description('one customer across sources: link, unlink and list customers that count as one');

  customers
    .command('link <customerId>')
    .description('count a customer as another in every count and movement (wins over e-mail matching)')
    .requiredOption('--to <canonicalId>', 'the customer it counts as (an alias resolves to its canonical)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(async (customerId: string, options: { to: string; workspace?: string }) => {
      const runtime = await openRuntime(loadConfig(), 'customers link');
      try {
        const workspace = await workspaceOf(runtime.store.db, options.workspace);
        const link = await refusable(() => linkCustomer(runtime.store.db, workspace, { customerId, targetId: options.to, createdBy: BY, now: new Date() }));
        const moved = link.previousCanonicalId ? ` (was ${link.previousCanonicalId})` : '';
        process.stdout.write(`${customerId} now counts as ${link.canonicalId}${moved} in ${workspace.name}; figures recomputed.\n`);
      } finally {
        await runtime.close();
      }
    });

  customers
    .command('unlink <customerId>')
    .description('count a customer on its own again (e-mail matching will not link it again)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(async (customerId: string, options: { workspace?: string }) => {
      const runtime = await openRuntime(loadConfig(), 'customers unlink');
      try {
        const workspace = await workspaceOf(runtime.store.db, options.workspace);
        const unlinked = await refusable(() => unlinkCustomer(runtime.store.db, workspace, { customerId, createdBy: BY, now: new Date() }));
        process.stdout.write(`${customerId} counts on its own again (it counted as ${unlinked.canonicalId} by ${unlinked.rule}) in ${workspace.name}; figures recomputed.\n`);
      } finally {
        await runtime.close();
      }
    });

  customers
    .command('links')
    .description('list the customers that count as another: e-mail matches and mappings')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .option('--json', 'print JSON (as GET /v1/customer-links)')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), 'customers links');
      try {
        const workspace = await workspaceOf(runtime.store.db, options.workspace);
        const links = await listLinks(runtime.store.db, workspace.id);
        if (options.json) {
          const data = links.map((l) => ({ customerId: l.customerId, canonicalId: l.canonicalId, rule: l.rule, createdBy: l.createdBy, createdAt: new Date(l.createdAt).toISOString() }));
          process.stdout.write(`${JSON.stringify({ data }, null, 2)}\n`);
          return;
        }
        if (links.length === 0) {
          process.stdout.write(`No linked customers in ${workspace.name}.\n`);
          return;
        }
        for (const l of links) process.stdout.write(`${l.customerId}\t→ ${l.canonicalId}\t${l.rule}${l.createdBy ? `\t${l.createdBy}` : ''}\n`);
      } finally {
        await runtime.close();
      }
    });
}
