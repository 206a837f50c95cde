// The MRR forecast as of an instant: the month-end MRR of the `months` complete months before
// the as-of month (docs/metrics.md section 13); the forecast starts with the as-of month.
import type { Kysely } from 'kysely';
import { forecastMrr } from '../../core/forecast.js';
import type { FxTable } from '../../core/fx.js';
import { addMonths, firstDayOfMonth, lastDayOfMonth, monthOf } from '../../core/dates.js';
import type { Database } from '../../store/schema.js';
import { loadPeriodRows } from '../periods/load.js';
import type { AsOf } from '../clock.js';
import type { ForecastResponse } from './contract.js';

export async function loadMrrForecast(db: Kysely<Database>, workspaceId: string, options: { asOf: AsOf; months: number; horizon: number; fx: FxTable }): Promise<ForecastResponse> {
  const last = addMonths(monthOf(options.asOf.day), -1);
  const first = addMonths(last, -(options.months - 1));
  const rows = await loadPeriodRows(db, workspaceId, { from: firstDayOfMonth(first), to: lastDayOfMonth(last), granularity: 'month', fx: options.fx, asOf: options.asOf });
  const firstPaid = rows.findIndex((r) => r.mrr > 0);
  const history = (firstPaid < 0 ? [] : rows.slice(firstPaid)).map((r) => ({ month: r.period, mrr: r.mrr }));
  return { currency: options.fx.reportingCurrency, history, forecast: history.length === 0 ? [] : forecastMrr(history, options.horizon) };
}
