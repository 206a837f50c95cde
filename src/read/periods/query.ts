// The SQL of the period views (monthly, movements, churn, LTV) and of everything built on period
// rows (summary, series): reads of the day totals kept with the ledger (migration 0004). Every
// query is scoped by workspace and bounded by its own end day, which callers clamp to the as-of
// day: the ledger runs 400 days into the future (scheduled changes), and those rows never count
// as current.
import { sql, type Kysely } from 'kysely';
import type { DayTotals } from '../../core/daily-totals.js';
import type { Day, Month } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

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

/** First and last month of the workspace's events created by `until` (the monthly report's default range). */
export async function eventMonthRange(db: Kysely<Database>, workspaceId: string, until: Date): Promise<{ from: Month; to: Month } | null> {
  const row = await sql<{ first: string | null; last: string | null }>`
    select to_char(min(event_created) at time zone 'UTC', 'YYYY-MM') as first,
           to_char(max(event_created) at time zone 'UTC', 'YYYY-MM') as last
    from raw_events where workspace_id = ${workspaceId} and event_created <= ${until.toISOString()}::timestamptz`.execute(db);
  const first = row.rows[0]?.first;
  const last = row.rows[0]?.last;
  return first && last ? { from: first, to: last } : null;
}
