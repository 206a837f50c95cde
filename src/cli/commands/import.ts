// `revpulse import FILE [--source NAME] [--workspace ID] [--dry-run] [--skip-invalid]
// [--format csv|jsonl]`: a subscription file from any billing system (docs/import.md), checked
// whole, then stored and applied through the same pipeline and ledger as webhooks.
// `import` is also the parent of `import tickets` and `import survey-responses`
// (import-signals.ts): a first argument naming one of those runs it instead.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.js';
import { ImportInputError, runImport } from '../../ingest/import/run-import.js';
import { IMPORT_FORMATS, type ImportLineError, type ImportProgress, type ImportSummary } from '../../ingest/import/types.js';
import { openRuntime } from '../../runtime.js';
import { ensureWorkspace, findWorkspace } from '../../store/workspaces-repo.js';
import { describeZodError } from '../../api/error-handler.js';
import { progressLine } from '../progress.js';
import { UsageError } from '../usage-error.js';

/** How many errors are printed before "… and N more". */
export const PRINTED_ERRORS = 50;

const options = z.object({
  source: z.string().trim().min(1, 'must not be blank').max(100).default('Import'),
  workspace: z.string().min(1).optional(),
  dryRun: z.boolean().default(false),
  skipInvalid: z.boolean().default(false),
  format: z.enum(IMPORT_FORMATS).optional(),
});

/** Every error as `line N, column C: message`, at most `limit` of them, then how many more. */
export function formatImportErrors(errors: readonly ImportLineError[], total: number, limit = PRINTED_ERRORS): string {
  const lines = errors.slice(0, limit).map((e) => `line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
  if (total > lines.length) lines.push(`… and ${total - lines.length} more error${total - lines.length === 1 ? '' : 's'}`);
  return lines.map((l) => `${l}\n`).join('');
}

export function formatImportSummary(s: ImportSummary): string {
  const head = s.status === 'refused'
    ? 'Refused: nothing was written (fix the lines above, or pass --skip-invalid to import the valid rows only)'
    : s.dryRun ? 'Dry run: nothing was written' : s.status === 'failed' ? `Failed: ${s.failure ?? 'unknown error'}` : 'Imported';
  return [
    `${head}.`,
    `  rows ${s.rows}, valid ${s.valid}, invalid ${s.invalid}`,
    `  events: ${s.eventsNew} new, ${s.eventsChanged} changed, ${s.eventsUnchanged} unchanged${s.dryRun ? ' (would be)' : ''}`,
    `  customers ${s.customers}, subscriptions ${s.subscriptions}`,
  ].join('\n') + '\n';
}

const PHASES: Record<ImportProgress['phase'], string> = { validating: 'Checking', storing: 'Storing', applying: 'Applying' };

export function registerImport(program: Command): void {
  const existing = program.commands.find((c) => c.name() === 'import');
  const command = existing ?? program.command('import');
  // Options after a subcommand's name are that subcommand's (`import tickets FILE --dry-run`):
  // without positional options on both levels, `import` would take its own --dry-run from them.
  program.enablePositionalOptions();
  command
    .enablePositionalOptions()
    .description('import subscriptions from any billing system (CSV or JSON lines, docs/import.md); or tickets / survey responses (subcommands)')
    .argument('[file]', 'a subscription file: CSV with a header, or JSON lines (.jsonl)')
    .option('--source <name>', 'the import source (created when missing)', 'Import')
    .option('--workspace <id>', 'the workspace (default: your own workspace)')
    .option('--dry-run', 'check the file and count what would change, writing nothing')
    .option('--skip-invalid', 'import the valid rows even when some lines are bad')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .action(async (file: string | undefined, raw: Record<string, unknown>) => {
      if (!file) throw new UsageError('import: name a subscription file (revpulse import FILE), or use import tickets / import survey-responses');
      const parsed = options.safeParse(raw);
      if (!parsed.success) throw new UsageError(`import: ${describeZodError(parsed.error).replace(/^(\w)/, '--$1')}`);
      const o = parsed.data;
      const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(error.code === 'ENOENT' ? `import: file not found: ${file}` : `import: cannot read ${file}: ${error.message}`);
      });
      const runtime = await openRuntime(loadConfig(), 'import');
      let summary: ImportSummary;
      try {
        const workspace = o.workspace ? await findWorkspace(runtime.store.db, o.workspace) : await ensureWorkspace(runtime.store.db, { slug: 'default', name: 'My workspace' });
        if (!workspace) throw new UsageError(`import: no workspace with id ${o.workspace}`);
        let bar: ReturnType<typeof progressLine> | null = null;
        let phase: ImportProgress['phase'] | null = null;
        const onProgress = (p: ImportProgress) => {
          if (p.total === 0) return;
          if (p.phase !== phase) {
            phase = p.phase;
            bar = progressLine(PHASES[p.phase]);
          }
          bar?.update(p.done, p.total || undefined);
        };
        try {
          summary = await runImport(runtime.store, content, {
            workspaceId: workspace.id, sourceName: o.source, fileName: file, dryRun: o.dryRun, skipInvalid: o.skipInvalid, onProgress, ...(o.format ? { format: o.format } : {}),
          });
        } catch (error) {
          if (error instanceof ImportInputError) throw new UsageError(`import: ${error.message}`);
          throw error;
        }
        (bar as ReturnType<typeof progressLine> | null)?.done(`${file}: ${summary.rows} rows read`);
      } finally {
        await runtime.close();
      }
      if (summary.errors.length > 0) process.stderr.write(formatImportErrors(summary.errors, summary.errorCount ?? summary.errors.length));
      process.stdout.write(formatImportSummary(summary));
      if (summary.status === 'refused') throw new UsageError(`import: ${file}: ${summary.invalid} of ${summary.rows} rows are invalid`, 1);
      if (summary.status === 'failed') throw new UsageError(`import: ${file}: the import failed (${summary.failure ?? 'unknown error'})`, 1);
    });
}
