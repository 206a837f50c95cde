// The monthly movements report: the document `revpulse metrics --json` prints and
// GET /v1/metrics/monthly returns, computed by the same code from the same ledger.
import { sql, type Kysely } from 'kysely';
import { lastDayOfMonth, firstDayOfMonth } from '../core/dates.js';
import type { FxRate, Month } from '../core/types.js';
import type { Database } from '../store/schema.js';
import { fxTableFor, loadPeriodRows } from './period-series.js';
import { createFxTable } from '../core/fx.js';

export type MonthlyRow = {
  month: Month;
  mrr: number;
  arr: number;
  customers: number;
  arpa: number;
  movements: { new: number; expansion: number; contraction: number; churn: number; reactivation: number; fx: number };
};

export type MonthlyReport = { currency: string; months: MonthlyRow[] };

export type MonthlyReportOptions = {
  currency: string;
  fxRates: readonly FxRate[];
  /** Reference quotes per euro (see core/fx.ts): currencies without direct rates cross through them. */
  eurQuotes?: readonly FxRate[];
  /** Refuse (MissingFxRateError) an amount that no rate converts, instead of leaving it out and
   *  naming it: the offline `revpulse metrics` command, whose document must be complete. */
  strictFx?: boolean;
  from?: Month;
  to?: Month;
};

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** First and last month in which the workspace received events (the default range). */
export async function eventMonthRange(db: Kysely<Database>, workspaceId: string): Promise<{ from: Month; to: Month } | null> {
  const row = await sql<{ first: string | null; last: string | null }>`
    select to_char(min(event_created) at time zone 'UTC', 'YYYY-MM') as first,
           to_char(max(event_created) at time zone 'UTC', 'YYYY-MM') as last
    from raw_events where workspace_id = ${workspaceId}`.execute(db);
  const first = row.rows[0]?.first;
  const last = row.rows[0]?.last;
  return first && last ? { from: first, to: last } : null;
}

export async function monthlyReport(
  db: Kysely<Database>,
  workspaceId: string,
  options: MonthlyReportOptions,
): Promise<MonthlyReport> {
  const currency = options.currency.toLowerCase();
  const range = await eventMonthRange(db, workspaceId);
  const from = options.from ?? range?.from;
  const to = options.to ?? range?.to;
  if (!from || !to) return { currency, months: [] };
  if (from > to) throw new RangeError(`the range is empty: from ${from} is after to ${to}`);
  // From the day totals kept with the ledger (the same figures as computePeriods over the ledger,
  // see src/core/daily-totals.ts), so a 36-month report does not replay the ledger.
  const fx = options.strictFx ? createFxTable(options.fxRates, currency, { eurQuotes: options.eurQuotes ?? [] }) : fxTableFor(options.fxRates, currency, options.eurQuotes);
  const rows = await loadPeriodRows(db, workspaceId, { from: firstDayOfMonth(from), to: lastDayOfMonth(to), granularity: 'month', fx });
  return {
    currency,
    months: rows.map((row) => ({
      month: row.period,
      mrr: row.mrr,
      arr: row.arr,
      customers: row.customers,
      arpa: row.arpa,
      movements: {
        new: row.movements.new,
        expansion: row.movements.expansion,
        contraction: row.movements.contraction,
        churn: row.movements.churn,
        reactivation: row.movements.reactivation,
        fx: row.movements.fx,
      },
    })),
  };
}
