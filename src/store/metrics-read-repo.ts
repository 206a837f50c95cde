// Reads of the derived tables not yet moved to their view's folder: the trials (cohorts live in
// src/read/cohorts). The day-total reads (levels, range totals, churn numerators) live in
// src/read/periods/query.ts, re-exported here for the breakdown and FX-status code until it
// moves. Every query is scoped by workspace and bounded by its own end day (the ledger runs 400
// days into the future).
import type { Kysely } from 'kysely';
import type { Day } from '../core/types.js';
import type { Database } from './schema.js';

export { churnedFromStartCounts, dayTotalsBetween, levelsAt, type Levels } from '../read/periods/query.js';

export type TrialRow = { subscriptionId: string; customerId: string; startedDay: Day; convertedDay: Day | null };

/** Trials that can matter to figures over [from, to]: started by `to`, and either started within
 *  `assumedDays` before `from` (an unconverted trial is taken to last that long) or converted on
 *  or after `from`. Every other trial had ended before the range began. */
export async function trialsRelevantTo(db: Kysely<Database>, workspaceId: string, from: Day, to: Day, assumedDays: number): Promise<TrialRow[]> {
  const since = new Date(Date.parse(`${from}T00:00:00Z`) - assumedDays * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('trials')
    .select(['subscription_id', 'customer_id', 'started_day', 'converted_day'])
    .where('workspace_id', '=', workspaceId)
    .where('started_day', '<=', to)
    .where((eb) => eb.or([eb('started_day', '>=', since), eb('converted_day', '>=', from)]))
    .execute();
  return rows.map((r) => ({ subscriptionId: r.subscription_id, customerId: r.customer_id, startedDay: r.started_day, convertedDay: r.converted_day }));
}
