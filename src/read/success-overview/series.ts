// The customer-success metrics of the registry as one value per period, for GET
// /v1/metrics/series: nps over the period (src/read/nps); average_health from the period's last
// snapshot day; customers_at_risk and mrr_at_risk on the period's last day (as the overview reads
// them); daily_active_users averaged over the period's days. Nothing after the as-of instant.
import type { Kysely } from 'kysely';
import { daysBetween, periodStart, type Granularity } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { npsOf } from '../nps/load.js';
import { npsResponses } from '../nps/query.js';
import { clippedPeriods } from '../periods/load.js';
import type { MetricName } from '../registry.js';
import { activeUsersByPeriod } from '../usage/query.js';
import { loadAtRisk } from './load.js';
import { dataPresent, healthByDay } from './query.js';

type Value = { value: number | null; reason?: string };
export type SuccessPeriod = { nps: Value; averageHealth: Value; customersAtRisk: Value; mrrAtRisk: Value; dailyActiveUsers: Value };

export type SuccessRange = { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable>; until: Date };

type Bounds = { key: string; start: Day; end: Day };
const unset: Value = { value: null, reason: 'not read for this metric' };

async function valuesOf(db: Kysely<Database>, workspaceId: string, metric: MetricName, range: SuccessRange, periods: readonly Bounds[]): Promise<Partial<SuccessPeriod>[]> {
  switch (metric) {
    case 'nps': {
      const rows = await npsResponses(db, workspaceId, range.from, range.to, range.until);
      return periods.map((p) => {
        const f = npsOf(rows.filter((r) => r.day >= p.start && r.day <= p.end));
        return { nps: f.nps === null ? { value: null, reason: 'no NPS responses in the period' } : { value: f.nps } };
      });
    }
    case 'average_health': {
      const days = await healthByDay(db, workspaceId, range.from, range.to);
      return periods.map((p) => {
        const last = days.filter((d) => d.day >= p.start && d.day <= p.end).at(-1);
        return { averageHealth: last?.averageScore == null ? { value: null, reason: 'no health snapshot in the period' } : { value: last.averageScore } };
      });
    }
    case 'customers_at_risk':
    case 'mrr_at_risk':
      return Promise.all(periods.map(async (p) => {
        const present = await dataPresent(db, workspaceId, p.end);
        if (!present.health && !present.risk) {
          const none = { value: null, reason: `no health or risk scores by ${p.end}` };
          return { customersAtRisk: none, mrrAtRisk: none };
        }
        const atRisk = await loadAtRisk(db, workspaceId, p.end, range.fx);
        return { customersAtRisk: { value: atRisk.customers }, mrrAtRisk: { value: atRisk.mrr } };
      }));
    case 'daily_active_users': {
      const rows = (await activeUsersByPeriod(db, workspaceId, range.from, range.to, range.granularity, range.to)).filter((r) => r.total);
      return periods.map((p) => {
        const row = rows.find((r) => r.start === periodStart(p.start, range.granularity));
        return { dailyActiveUsers: { value: (row?.userDays ?? 0) / (daysBetween(p.start, p.end) + 1) } };
      });
    }
    default:
      return periods.map(() => ({}));
  }
}

export async function loadSuccessPeriods(db: Kysely<Database>, workspaceId: string, metric: MetricName, range: SuccessRange): Promise<{ period: string; start: Day; end: Day; value: SuccessPeriod }[]> {
  const periods = clippedPeriods(range.from, range.to, range.granularity);
  const values = await valuesOf(db, workspaceId, metric, range, periods);
  return periods.map((p, i) => ({
    period: p.key, start: p.start, end: p.end,
    value: { nps: unset, averageHealth: unset, customersAtRisk: unset, mrrAtRisk: unset, dailyActiveUsers: unset, ...values[i] },
  }));
}
