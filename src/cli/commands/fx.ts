// `revpulse fx import FILE | refresh | status`: exchange rates from a file (ECB's
// eurofxref-hist.csv or date,currency,rate_to_<currency>), from the ECB now, and what converts.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { fxStatus } from '../../read/fx-status.js';
import { FxFileError } from '../../ingest/fx/quotes.js';
import { parseRateFile } from '../../ingest/fx/rate-file.js';
import { storeDirectRates, storeEurQuotes } from '../../ingest/fx/store-rates.js';
import { refreshEcbRates } from '../../jobs/fx-refresh.js';
import type { Database } from '../../store/schema.js';
import { ensureWorkspace, findWorkspace, type Workspace } from '../../store/workspaces-repo.js';
import { UsageError } from '../usage-error.js';

async function targetWorkspace(db: Kysely<Database>, id: string | undefined): Promise<Workspace> {
  if (!id) return ensureWorkspace(db, { slug: 'default', name: 'My workspace' });
  const workspace = await findWorkspace(db, id);
  if (!workspace) throw new UsageError(`no workspace with id ${id}`);
  return workspace;
}

export function registerFx(program: Command): void {
  const fx = program.command('fx').description('exchange rates: import a file, fetch the ECB reference rates, see what converts');

  fx.command('import')
    .argument('<file>', "ECB's eurofxref-hist.csv, or a CSV with the header date,currency,rate_to_<currency>")
    .description('load exchange rates from a file (line-numbered errors; nothing is stored unless the whole file is valid)')
    .option('--workspace <id>', 'the workspace (default: your own workspace)')
    .option('--dry-run', 'check the file and say what would be stored, without storing it')
    .action(async (file: string, options: { workspace?: string; dryRun?: boolean }) => {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(error.code === 'ENOENT' ? `fx import: file not found: ${file}` : `fx import: cannot read ${file}: ${error.message}`);
      });
      let parsed;
      try {
        parsed = parseRateFile(text, { fileName: file });
      } catch (error) {
        if (error instanceof FxFileError) throw new UsageError(error.message);
        throw error;
      }
      const rows = 'quotes' in parsed ? parsed.quotes : parsed.rates;
      const currencies = [...new Set(rows.map((r) => r.currency.toUpperCase()))].sort();
      const days = rows.map((r) => r.day).sort();
      const what = `${rows.length} rates (${'quotes' in parsed ? 'ECB reference rates per euro' : 'direct rates'}) for ${currencies.join(', ')} from ${days[0]} to ${days.at(-1)}`;
      if (options.dryRun) {
        process.stdout.write(`Valid: ${what}. Nothing stored (--dry-run).\n`);
        return;
      }
      const runtime = await openRuntime(loadConfig(), 'fx import');
      try {
        const workspace = await targetWorkspace(runtime.store.db, options.workspace);
        const stored = 'quotes' in parsed
          ? await storeEurQuotes(runtime.store.db, workspace.id, parsed.quotes, { source: 'import' })
          : await storeDirectRates(runtime.store.db, workspace.id, parsed.rates, 'import');
        process.stdout.write(`Stored ${stored} of ${what} in workspace "${workspace.name}".\n`);
      } finally {
        await runtime.close();
      }
    });

  fx.command('refresh')
    .description("fetch the ECB's reference rates now for every workspace's currencies")
    .action(async () => {
      const config = loadConfig();
      if (!config.fxRatesUrl) throw new UsageError('fx refresh: fetching is off (REVPULSE_FX_RATES_URL=off): use `revpulse fx import FILE`');
      const runtime = await openRuntime(config, 'fx refresh');
      try {
        const report = await refreshEcbRates({ store: runtime.store, logger: createLogger('silent'), now: () => new Date(), baseUrl: config.fxRatesUrl });
        if (report.length === 0) process.stdout.write('No workspace needs exchange rates (each bills only in its reporting currency).\n');
        for (const r of report) process.stdout.write(r.error ? `${r.workspaceId}: failed: ${r.error}\n` : `${r.workspaceId}: ${r.stored} rates stored\n`);
        if (report.some((r) => r.error)) process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });

  fx.command('status')
    .description('which currencies convert into the reporting currency, how, and up to which day')
    .option('--workspace <id>', 'the workspace (default: your own workspace)')
    .action(async (options: { workspace?: string }) => {
      const runtime = await openRuntime(loadConfig(), 'fx status');
      try {
        const workspace = await targetWorkspace(runtime.store.db, options.workspace);
        const status = await fxStatus(runtime.store.db, workspace, new Date().toISOString().slice(0, 10));
        process.stdout.write(`Reporting currency: ${status.reportingCurrency.toUpperCase()}\n`);
        for (const c of status.currencies) {
          const how = c.via === 'reporting' ? 'reporting currency' : c.via === null ? 'NO RATE: left out of every figure' : `${c.via === 'eur' ? 'through the euro' : 'direct'} (${c.sources.join(', ')}), last rate ${c.lastRateDay ?? '?'}`;
          process.stdout.write(`  ${c.currency.toUpperCase()}  ${how}\n`);
        }
        if (status.fetch?.lastError) process.stdout.write(`Last ECB fetch failed: ${status.fetch.lastError}\n`);
      } finally {
        await runtime.close();
      }
    });
}
