// `revpulse gdpr export|anonymise|delete CUSTOMER_ID [--workspace ID] [--out FILE] [--yes]` and
// `revpulse gdpr requests [--workspace ID]`. A request made here goes through the same queue as
// the API's (a row requested by 'cli', audit entries) but is processed at once, in this process;
// anonymise and delete say plainly what they do and ask first unless --yes.
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { CLI_META, type Actor } from '../../accounts/security-log.js';
import { requestGdpr, runGdprRequestNow } from '../../compliance/gdpr-queue.js';
import { loadConfig } from '../../config.js';
import { ApiError } from '../../errors.js';
import { GDPR_CONSEQUENCES, GDPR_STATUSES, type GdprKind } from '../../read/gdpr/contract.js';
import { gdprRequestViewOf } from '../../read/gdpr/view.js';
import { openRuntime } from '../../runtime.js';
import { listGdprRequests, readGdprExport, type StoredGdprRequest } from '../../store/gdpr-requests-repo.js';
import type { Database } from '../../store/schema.js';
import type { GdprRequestStatus } from '../../store/schema-compliance.js';
import { findWorkspace, findWorkspaceBySlug, listWorkspaces, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

const CLI_ACTOR: Actor = { type: 'cli', id: null, label: 'revpulse gdpr (command line)' };

/** --workspace takes an id or a slug; without it, the installation's own workspace, else the only one. */
async function workspaceOf(db: Kysely<Database>, named: string | undefined): Promise<Workspace> {
  if (named) {
    const found = (await findWorkspace(db, named)) ?? (await findWorkspaceBySlug(db, named));
    if (!found) throw new UsageError(`gdpr: no workspace with id or slug ${named}`);
    return found;
  }
  const own = await findWorkspaceBySlug(db, 'default');
  if (own) return own;
  const all = await listWorkspaces(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new UsageError('gdpr: there is no workspace yet');
  throw new UsageError(`gdpr: there are ${all.length} workspaces: name one with --workspace <id> (${all.map((w) => `${w.id} ${w.name}`).join(', ')})`);
}

async function confirmed(kind: 'anonymise' | 'delete', customerId: string, workspace: Workspace): Promise<boolean> {
  const verb = kind === 'delete' ? 'Delete' : 'Anonymise';
  process.stderr.write(`${verb} customer ${customerId} in "${workspace.name}"?\n${GDPR_CONSEQUENCES[kind]}\n`);
  if (!process.stdin.isTTY) throw new UsageError(`gdpr ${kind}: cannot be undone, and there is no terminal to confirm it: add --yes to go ahead`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(`Type ${kind} to go ahead: `)).trim().toLowerCase() === kind;
  } finally {
    prompt.close();
  }
}

const countsText = (r: StoredGdprRequest) => {
  const counts = gdprRequestViewOf(r, new Date()).counts;
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([table, n]) => `${table} ${n}`);
  return parts.length ? parts.join(', ') : 'nothing';
};

const defaultOut = (customerId: string, at: Date) => `gdpr-${customerId.replace(/[^\w.-]/g, '_')}-${at.toISOString().slice(0, 10)}.zip`;

async function runRequest(kind: GdprKind, customerId: string, options: { workspace?: string; out?: string; yes?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), `gdpr ${kind}`);
  try {
    const db = runtime.store.db;
    const workspace = await workspaceOf(db, options.workspace);
    if (kind !== 'export' && !options.yes && !(await confirmed(kind, customerId, workspace))) throw new UsageError(`gdpr ${kind}: not confirmed; nothing was changed`, 1);
    let queued: StoredGdprRequest;
    try {
      queued = await requestGdpr(db, { workspaceId: workspace.id, kind, customerId, requestedBy: CLI_ACTOR, meta: CLI_META, now: new Date() });
    } catch (error) {
      if (error instanceof ApiError) throw new UsageError(`gdpr ${kind}: ${error.message}`, 1);
      throw error;
    }
    const done = await runGdprRequestNow(db, queued, { now: () => new Date(), actor: CLI_ACTOR });
    if (done.status !== 'completed') throw new UsageError(`gdpr ${kind} of ${customerId} ${done.status === 'failed' ? 'failed' : `is still ${done.status}`} (request ${done.id}): ${done.error ?? 'see revpulse gdpr requests'}`, 1);
    if (kind === 'export') {
      const file = await readGdprExport(db, workspace.id, done.id, new Date());
      if (!file?.zip) throw new UsageError(`gdpr export of ${customerId}: the request completed but its file is gone (request ${done.id})`, 1);
      const out = options.out ?? defaultOut(customerId, done.requestedAt);
      await writeFile(out, file.zip).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`gdpr export: cannot write ${out}: ${error.message}`, 1);
      });
      process.stdout.write(`Exported ${customerId} from ${workspace.name} (${countsText(done)}) to ${out} (${file.zip.byteLength} bytes; request ${done.id}).\n`);
      return;
    }
    const did = kind === 'delete' ? 'Deleted the personal data of' : 'Anonymised';
    process.stdout.write(`${did} ${customerId} in ${workspace.name}: now ${done.pseudonym ?? 'anonymous'} (${countsText(done)}; request ${done.id}).\n`);
  } finally {
    await runtime.close();
  }
}

export function registerGdpr(program: Command): void {
  const gdpr = program.command('gdpr').description("GDPR requests about one end customer: export, anonymise or delete everything held about them; the request queue");
  const options = (cmd: Command) => cmd.option('--workspace <id>', "the workspace, by id or slug (default: your own workspace)");

  options(gdpr.command('export <customerId>').description('write a ZIP of everything held about the customer (JSON and CSV, raw provider payloads included)'))
    .option('--out <file>', 'where to write the ZIP (default: ./gdpr-<customer>-<date>.zip)')
    .action((customerId: string, o: { workspace?: string; out?: string }) => runRequest('export', customerId, o));
  options(gdpr.command('anonymise <customerId>').description('replace the customer\'s personal data everywhere by a stable pseudonym (revenue figures unchanged; cannot be undone)'))
    .option('--yes', 'do not ask for confirmation')
    .action((customerId: string, o: { workspace?: string; yes?: boolean }) => runRequest('anonymise', customerId, o));
  options(gdpr.command('delete <customerId>').description('remove the customer\'s personal data everywhere; revenue kept as anonymous amounts (cannot be undone)'))
    .option('--yes', 'do not ask for confirmation')
    .action((customerId: string, o: { workspace?: string; yes?: boolean }) => runRequest('delete', customerId, o));

  options(gdpr.command('requests').description('list the GDPR request queue, newest first'))
    .option('--status <status>', `only requests in this state (${GDPR_STATUSES.join(', ')})`)
    .option('--json', 'print JSON (as GET /v1/gdpr/requests)')
    .action(async (o: { workspace?: string; status?: string; json?: boolean }) => {
      if (o.status !== undefined && !(GDPR_STATUSES as readonly string[]).includes(o.status)) throw new UsageError(`gdpr requests: --status is one of ${GDPR_STATUSES.join(', ')}`);
      const runtime = await openRuntime(loadConfig(), 'gdpr requests');
      try {
        const workspace = await workspaceOf(runtime.store.db, o.workspace);
        const rows = await listGdprRequests(runtime.store.db, workspace.id, { limit: 500, ...(o.status ? { status: o.status as GdprRequestStatus } : {}) });
        const now = new Date();
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ data: rows.map((r) => gdprRequestViewOf(r, now)) }, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) process.stdout.write(`No GDPR requests in ${workspace.name}.\n`);
        for (const r of rows) {
          const outcome = r.status === 'failed' ? (r.error ?? '') : r.status === 'completed' ? (r.pseudonym ?? countsText(r)) : '';
          process.stdout.write(`${r.requestedAt.toISOString()}\t${r.id}\t${r.kind}\t${r.customerId}\t${r.status}\t${r.requestedBy.label}\t${outcome}\n`);
        }
      } finally {
        await runtime.close();
      }
    });
}
