// `revpulse import tickets FILE` and `revpulse import survey-responses FILE`: support tickets and
// NPS/CSAT responses from CSV (layout: docs/support-import.md), the same parsing, matching and
// idempotent upsert as POST /v1/imports/…; line-numbered errors store nothing; --dry-run counts.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../config.js';
import { SupportFileError } from '../../ingest/support/csv-file.js';
import { importSupportCsv, type ImportKind } from '../../ingest/support/import.js';
import { openRuntime } from '../../runtime.js';
import type { Database } from '../../store/schema.js';
import { ensureWorkspace, findWorkspace, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

async function targetWorkspace(db: Kysely<Database>, id: string | undefined): Promise<Workspace> {
  if (!id) return ensureWorkspace(db, { slug: 'default', name: 'My workspace' });
  const workspace = await findWorkspace(db, id);
  if (!workspace) throw new UsageError(`no workspace with id ${id}`);
  return workspace;
}

const WHAT: Record<ImportKind, string> = { tickets: 'tickets', 'survey-responses': 'survey responses' };

export function registerImportSignals(program: Command): void {
  const command = program.command('import').description('import support tickets or NPS/CSAT responses from CSV (docs/support-import.md)');
  for (const kind of ['tickets', 'survey-responses'] as const) {
    command.command(kind)
      .argument('<file>', `a CSV of ${WHAT[kind]} (columns: docs/support-import.md)`)
      .description(`import ${WHAT[kind]}: upserted by id, matched to billing customers; a bad line stores nothing`)
      .option('--workspace <id>', 'the workspace (default: your own workspace)')
      .option('--dry-run', 'check the file and count what would be created, updated or left unchanged, storing nothing')
      .action(async (file: string, options: { workspace?: string; dryRun?: boolean }) => {
        const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(error.code === 'ENOENT' ? `import ${kind}: file not found: ${file}` : `import ${kind}: cannot read ${file}: ${error.message}`);
        });
        const runtime = await openRuntime(loadConfig(), `import ${kind}`);
        try {
          const workspace = await targetWorkspace(runtime.store.db, options.workspace);
          let r;
          try {
            r = await importSupportCsv(runtime.store.db, workspace.id, kind, text, { dryRun: options.dryRun === true, now: new Date() });
          } catch (error) {
            if (error instanceof SupportFileError) throw new UsageError(`${file}: ${error.message}`);
            throw error;
          }
          process.stdout.write(
            `${r.dryRun ? 'Dry run (nothing stored)' : `Imported into workspace "${workspace.name}"`}: ${r.received} ${WHAT[kind]}` +
            `${r.from ? ` from ${r.from} to ${r.to}` : ''}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ` +
            `${r.unmatched} not matched to a customer (by id ${r.matchedBy.customer_id}, e-mail ${r.matchedBy.email}, domain ${r.matchedBy.email_domain}, account ${r.matchedBy.account}).\n`,
          );
        } finally {
          await runtime.close();
        }
      });
  }
}
