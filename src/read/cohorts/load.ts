// The cohort views as of an instant: SQL in query.ts, the arithmetic in core/cohorts.ts,
// core/cohort-totals.ts and core/cohort-cell.ts, the shapes in contract.ts. Nothing dated after the
// as-of day counts; the cohorts shown are the months of [from, to], never after the as-of month.
import type { Kysely } from 'kysely';
import { cohortCellCustomers } from '../../core/cohort-cell.js';
import { cohortsFromTotals } from '../../core/cohort-totals.js';
import { cohortCellDays, fillCohortMonths, MIN_AVERAGE_COHORTS } from '../../core/cohorts.js';
import { monthOf } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Month } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import type { CohortCustomersResponse, CohortKind, CohortsResponse } from './contract.js';
import { cohortDayTotals, cohortMembers, cohortStartTotals, firstCohort, memberLevels } from './query.js';

type FxDay = 'month-end' | 'cohort-start';

export type CohortsRequest = {
  kind: CohortKind;
  from?: Month | undefined;
  to?: Month | undefined;
  maxAge: number;
  fxDay: FxDay;
  asOf: AsOf;
  fx: FxTable | Promise<FxTable>;
};

export async function loadCohorts(db: Kysely<Database>, workspaceId: string, request: CohortsRequest): Promise<CohortsResponse> {
  const { asOf, maxAge, fxDay, kind } = request;
  const lastMonth = monthOf(asOf.day);
  const to = request.to === undefined || request.to > lastMonth ? lastMonth : request.to;
  const from = request.from ?? (await firstCohort(db, workspaceId, asOf.day));
  const span = { from, to, asOfDay: asOf.day };
  const [totals, starts, fx] = await Promise.all([cohortDayTotals(db, workspaceId, span), cohortStartTotals(db, workspaceId, span), request.fx]);
  const table = cohortsFromTotals(totals, starts, { fx, asOf: asOf.day, maxAge, fxDay });
  const rows = from === null || from > to ? [] : fillCohortMonths(table.rows, from, to, asOf.day, maxAge);
  const logo = kind === 'logo';
  return {
    kind,
    currency: fx.reportingCurrency,
    asOf: asOf.at.toISOString(),
    day: asOf.day,
    from: rows.length === 0 ? null : from,
    to: rows.length === 0 ? null : to,
    maxAge,
    fxDay,
    minAverageCohorts: MIN_AVERAGE_COHORTS,
    cohorts: rows.map((r) => ({
      cohort: r.cohort,
      customers: r.customers,
      startMrr: r.startMrr,
      retention: logo ? r.logoRetention : r.revenueRetention,
      values: logo ? r.payingCustomers : r.mrr,
    })),
    average: table.average.map((a) => ({ age: a.age, retention: logo ? a.logoRetention : a.revenueRetention, cohorts: a.cohorts, fewCohorts: a.fewCohorts })),
  };
}

export type CohortCellRequest = { kind: CohortKind; cohort: Month; age: number; fxDay: FxDay; asOf: AsOf; fx: FxTable | Promise<FxTable> };

/** The members of one cohort and what each adds to the cell (cohort, age). */
export async function loadCohortCustomers(db: Kysely<Database>, workspaceId: string, request: CohortCellRequest): Promise<CohortCustomersResponse> {
  const { asOf, cohort, age, kind } = request;
  const days = cohort > monthOf(asOf.day) ? null : cohortCellDays(cohort, age, asOf.day, request.fxDay);
  const [members, levels, fx] = await Promise.all([
    cohortMembers(db, workspaceId, cohort, asOf.day),
    days ? memberLevels(db, workspaceId, cohort, days.measuredOn, age === 0) : Promise.resolve([]),
    request.fx,
  ]);
  const base = { kind, cohort, age, currency: fx.reportingCurrency, asOf: asOf.at.toISOString() };
  if (!days) return { ...base, measuredOn: null, value: null, customers: members.map((m) => ({ customerId: m.customerId, name: m.name, email: m.email, paying: false, mrr: 0 })) };
  const cell = cohortCellCustomers(members, levels, fx, days.rateDay);
  return {
    ...base,
    measuredOn: days.measuredOn,
    value: kind === 'logo' ? cell.paying : cell.mrr,
    customers: cell.customers.map((c) => ({ customerId: c.customerId, name: c.name, email: c.email, paying: c.paying, mrr: c.mrr })),
  };
}
