// The customer-success metrics of the registry (nps, average_health, customers_at_risk,
// mrr_at_risk, daily_active_users) as one value per period, for GET /v1/metrics/series. Level
// metrics are read on the period's last day; NPS over the period.
import type { Kysely } from 'kysely';
import type { Granularity } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { clippedPeriods } from '../periods/load.js';
import type { MetricName } from '../registry.js';

type Value = { value: number | null; reason?: string };
export type SuccessPeriod = { nps: Value; averageHealth: Value; customersAtRisk: Value; mrrAtRisk: Value; dailyActiveUsers: Value };

export type SuccessRange = { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable> };

const none: Value = { value: null, reason: 'not computed yet' };

export async function loadSuccessPeriods(_db: Kysely<Database>, _workspaceId: string, _metric: MetricName, range: SuccessRange): Promise<{ period: string; start: Day; end: Day; value: SuccessPeriod }[]> {
  return clippedPeriods(range.from, range.to, range.granularity).map((p) => ({
    period: p.key, start: p.start, end: p.end,
    value: { nps: none, averageHealth: none, customersAtRisk: none, mrrAtRisk: none, dailyActiveUsers: none },
  }));
}
