// Reads of the day totals (migration 0004) that the metrics API is answered from: levels at a
// day, the totals of a range, the churn-rate numerators of many periods in one query, cohort and
// plan totals. Every query is scoped by workspace and bounded by its own end day (the ledger
// runs 400 days into the future).
import { sql, type Kysely } from 'kysely';
import type { CohortDayTotals } from '../core/cohort-totals.js';
import type { DayTotals } from '../core/daily-totals.js';
import type { Day } from '../core/types.js';
import type { Database } from './schema.js';

export type Levels = { levels: Map<string, number>; paying: number };

/** Native MRR per currency and paying customers at the end of `day`. */
export async function levelsAt(db: Kysely<Database>, workspaceId: string, day: Day): Promise<Levels> {
  const rows = await sql<{ currency: string; level: number; paying: number }>`
    select currency,
           sum(new + expansion + contraction + churn + reactivation)::bigint as level,
           sum(new_customers + reactivated_customers - churned_customers)::bigint as paying
    from metric_days where workspace_id = ${workspaceId} and day <= ${day}
    group by currency`.execute(db);
  return {
    levels: new Map(rows.rows.map((r) => [r.currency, Number(r.level)])),
    paying: rows.rows.reduce((sum, r) => sum + Number(r.paying), 0),
  };
}

/**
 * Day totals of [from, to]. With `bucket`, the rows of the reporting currency are summed per
 * period (dated at the period's first day in the range): they convert at exactly 1, so summing
 * them first changes no figure, and a 36-month report reads a third of the rows.
 */
export async function dayTotalsBetween(
  db: Kysely<Database>,
  workspaceId: string,
  from: Day,
  to: Day,
  bucket?: { granularity: 'day' | 'week' | 'month' | 'quarter' | 'year'; reportingCurrency: string },
): Promise<DayTotals[]> {
  const granularity = bucket?.granularity ?? 'day';
  const reporting = bucket?.reportingCurrency ?? '';
  // One JSON document instead of a row per day and currency: building row objects cost more
  // than the query.
  const result = await sql<{ days: string | null }>`
    select json_agg(json_build_array(to_char(d, 'YYYY-MM-DD'), currency, n, e, c, ch, r, nc, rc, cc) order by d, currency)::text as days from (
      select case when currency = ${reporting} then greatest(date_trunc(${granularity}, day)::date, ${from}::date) else day end as d, currency,
             sum(new) as n, sum(expansion) as e, sum(contraction) as c, sum(churn) as ch, sum(reactivation) as r,
             sum(new_customers) as nc, sum(reactivated_customers) as rc, sum(churned_customers) as cc
      from metric_days where workspace_id = ${workspaceId} and day >= ${from} and day <= ${to}
      group by 1, 2) t`.execute(db);
  const text = result.rows[0]?.days;
  if (!text) return [];
  type Row = [string, string, number, number, number, number, number, number, number, number];
  return (JSON.parse(text) as Row[]).map((r) => ({
    day: r[0], currency: r[1], new: Number(r[2]), expansion: Number(r[3]), contraction: Number(r[4]), churn: Number(r[5]), reactivation: Number(r[6]),
    newCustomers: Number(r[7]), reactivatedCustomers: Number(r[8]), churnedCustomers: Number(r[9]),
  }));
}

/** For each [start, end]: customers paying at the end of the day before start who churned by end. */
export async function churnedFromStartCounts(db: Kysely<Database>, workspaceId: string, periods: ReadonlyArray<{ start: Day; end: Day }>): Promise<number[]> {
  if (periods.length === 0) return [];
  const rows = await sql<{ i: number; n: number }>`
    select p.i::int as i, count(s.customer_id)::int as n
    from unnest(${sql.val(periods.map((p) => p.start))}::date[], ${sql.val(periods.map((p) => p.end))}::date[]) with ordinality as p(s, e, i)
    left join paying_spells s on s.workspace_id = ${workspaceId} and s.end_day >= p.s and s.end_day <= p.e and s.start_day < p.s
    group by p.i order by p.i`.execute(db);
  const counts = periods.map(() => 0);
  for (const r of rows.rows) counts[r.i - 1] = r.n;
  return counts;
}

export async function cohortTotalsUntil(db: Kysely<Database>, workspaceId: string, asOf: Day): Promise<CohortDayTotals[]> {
  const rows = await db
    .selectFrom('cohort_days')
    .select(['cohort', 'day', 'currency', 'mrr_delta', 'joined', 'paying_delta'])
    .where('workspace_id', '=', workspaceId)
    .where('day', '<=', asOf)
    .execute();
  return rows.map((r) => ({ cohort: r.cohort, day: r.day, currency: r.currency, mrrDelta: r.mrr_delta, joined: r.joined, payingDelta: r.paying_delta }));
}

export type PlanLevel = { planId: string; name: string; currency: string; mrr: number; customers: number };

/** Each plan's native MRR per currency and paying customers at the end of `day`. */
export async function planLevelsAt(db: Kysely<Database>, workspaceId: string, day: Day): Promise<PlanLevel[]> {
  const rows = await sql<{ plan_id: string; name: string | null; currency: string; mrr: number; customers: number }>`
    select d.plan_id, coalesce(pr.name, p.name) as name, d.currency, sum(d.mrr_delta)::bigint as mrr, sum(d.customers_delta)::bigint as customers
    from plan_days d
    left join plans p on p.workspace_id = d.workspace_id and p.plan_id = d.plan_id
    left join products pr on pr.workspace_id = d.workspace_id and pr.product_id = d.plan_id
    where d.workspace_id = ${workspaceId} and d.day <= ${day}
    group by d.plan_id, coalesce(pr.name, p.name), d.currency`.execute(db);
  return rows.rows
    .map((r) => ({ planId: r.plan_id, name: r.name ?? r.plan_id, currency: r.currency, mrr: Number(r.mrr), customers: Number(r.customers) }))
    .filter((r) => r.mrr !== 0 || r.customers !== 0);
}

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

/** Native sums per currency and UTC day of the payments with `status` created in [from, to]. */
export async function paymentSumsByDay(
  db: Kysely<Database>,
  workspaceId: string,
  status: 'succeeded' | 'failed',
  from: Day,
  to: Day,
): Promise<{ day: Day; currency: string; amount: number; count: number }[]> {
  const rows = await sql<{ day: string; currency: string; amount: number; count: number }>`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, currency, sum(amount)::bigint as amount, count(*)::int as count
    from payments
    where workspace_id = ${workspaceId} and status = ${status}
      and created_at >= ${`${from}T00:00:00Z`}::timestamptz and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
    group by 1, 2 order by 1, 2`.execute(db);
  return rows.rows.map((r) => ({ day: r.day, currency: r.currency, amount: Number(r.amount), count: r.count }));
}

export async function signupsOn(db: Kysely<Database>, workspaceId: string, day: Day): Promise<number> {
  const row = await db
    .selectFrom('customer_summaries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('signup_day', '=', day)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
