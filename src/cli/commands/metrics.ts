import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { MissingFxRateError } from '../../core/fx.js';
import { PRESET_NAMES } from '../../core/presets.js';
import type { MonthlyReport } from '../../read/periods/contract.js';
import { MONTH_PATTERN } from '../../read/periods/load.js';
import { describeZodError } from '../../api/error-handler.js';
import { metricsFromEvents } from '../metrics-from-events.js';
import { metricsFromSubscriptions, SubscriptionFileRefused } from '../metrics-from-subscriptions.js';
import { IMPORT_FORMATS } from '../../ingest/import/types.js';
import { formatImportErrors } from './import.js';
import { readEventsFile } from '../read-events-file.js';
import { readFxFile } from '../read-fx-file.js';
import { formatMonthlyTable } from '../format-monthly-table.js';
import { UsageError } from '../usage-error.js';

const month = z.string().regex(MONTH_PATTERN, 'must be YYYY-MM');
const options = z
  .object({
    events: z.string().min(1).optional(),
    subscriptions: z.string().min(1).optional(),
    format: z.enum(IMPORT_FORMATS).optional(),
    from: month.optional(),
    to: month.optional(),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code').transform((c) => c.toLowerCase()).default('usd'),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).default('default'),
    fx: z.string().min(1).optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => !o.from || !o.to || o.from <= o.to, { message: '--from must not be after --to', path: ['from'] })
  .refine((o) => (o.events === undefined) !== (o.subscriptions === undefined), { message: 'give exactly one of --events FILE and --subscriptions FILE', path: ['events'] });

async function readSubscriptionFile(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `subscriptions file not found: ${file}` : `cannot read ${file}: ${error.message}`, 1);
  });
}

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('compute monthly MRR and movements from a file of Stripe events (JSONL) or of subscriptions (CSV / JSON lines, docs/import.md), in memory')
    .option('--events <file>', 'Stripe event objects, one JSON per line, any order, duplicates allowed')
    .option('--subscriptions <file>', 'a subscription file from any billing system (docs/import.md)')
    .option('--format <format>', 'of --subscriptions: csv or jsonl (default: from the file extension)')
    .option('--from <YYYY-MM>', 'first month (default: month of the first event)')
    .option('--to <YYYY-MM>', 'last month (default: month of the last event)')
    .option('--currency <code>', 'reporting currency', 'usd')
    .option('--preset <name>', `metric definitions: ${PRESET_NAMES.join(', ')}`, 'default')
    .option('--fx <file>', 'FX rates CSV (currency,quote_currency,day,rate); default: the built-in table')
    .option('--json', 'print one JSON document')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = options.safeParse(raw);
      if (!parsed.success) throw new UsageError(`metrics: ${describeZodError(parsed.error).replace(/^(\w)/, '--$1')}`);
      const o = parsed.data;
      const events = o.events !== undefined ? await readEventsFile(o.events) : null;
      const subscriptions = o.subscriptions !== undefined ? await readSubscriptionFile(o.subscriptions) : null;
      const fxRates = o.fx ? await readFxFile(o.fx, o.currency) : undefined;
      const reportOptions = {
        currency: o.currency,
        preset: o.preset as (typeof PRESET_NAMES)[number],
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(fxRates ? { fxRates } : {}),
      };
      let report: MonthlyReport;
      try {
        report = events !== null
          ? await metricsFromEvents(events, reportOptions)
          : await metricsFromSubscriptions(subscriptions ?? '', { ...reportOptions, fileName: o.subscriptions ?? null, ...(o.format ? { format: o.format } : {}) });
      } catch (error) {
        if (error instanceof SubscriptionFileRefused) {
          process.stderr.write(formatImportErrors(error.summary.errors, error.summary.errorCount ?? error.summary.errors.length));
          throw new UsageError(`${o.subscriptions}: ${error.summary.invalid} of ${error.summary.rows} rows are invalid; nothing was computed`, 1);
        }
        if (error instanceof MissingFxRateError) {
          throw new UsageError(`${error.message}: pass rates with --fx FILE (currency,quote_currency,day,rate)`, 1);
        }
        if (error instanceof RangeError) throw new UsageError(error.message, 1);
        throw error;
      }
      process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : formatMonthlyTable(report));
    });
}
