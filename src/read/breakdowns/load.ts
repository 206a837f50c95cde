// MRR by plan and by currency at the end of a day, as of an instant: the day asked for (default
// the as-of day) is clamped to the as-of day, so a ledger row dated later — a scheduled change —
// never counts. SQL in query.ts, shaping in core/plan-breakdown.ts, the shape in contract.ts.
import type { Kysely } from 'kysely';
import { currencyBreakdown, planBreakdown } from '../../core/plan-breakdown.js';
import type { FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { levelsAt } from '../periods/query.js';
import { clampDay, type AsOf } from '../clock.js';
import type { ByCurrencyResponse, ByPlanResponse } from './contract.js';
import { payingCustomersByCurrencyAt, planLevelsAt } from './query.js';

type Options = { date?: Day | undefined; asOf: AsOf; fx: FxTable | Promise<FxTable> };

/** The day a breakdown is read at: `date`, else the as-of day; never after the as-of day. */
export function breakdownDay(date: Day | undefined, asOf: AsOf): Day {
  return clampDay(date ?? asOf.day, asOf);
}

export async function loadMrrByPlan(db: Kysely<Database>, workspaceId: string, options: Options): Promise<ByPlanResponse> {
  const day = breakdownDay(options.date, options.asOf);
  const [levels, fx] = await Promise.all([planLevelsAt(db, workspaceId, day), options.fx]);
  return planBreakdown(levels, day, fx);
}

export async function loadMrrByCurrency(db: Kysely<Database>, workspaceId: string, options: Options): Promise<ByCurrencyResponse> {
  const day = breakdownDay(options.date, options.asOf);
  const [{ levels }, customers, fx] = await Promise.all([levelsAt(db, workspaceId, day), payingCustomersByCurrencyAt(db, workspaceId, day), options.fx]);
  return currencyBreakdown(levels, customers, day, fx);
}
