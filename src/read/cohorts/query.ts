// The SQL of the cohort views: the cohort day sums (migration 0004), the new MRR of each first
// paid day (a cohort's start, M0) and, for one cell, its members and their MRR. Every query is
// scoped by workspace and bounded by the as-of day: the ledger runs into the future (scheduled
// changes), and a row dated later never counts.
import { sql, type Kysely } from 'kysely';
import type { CohortDayTotals, CohortStartTotals } from '../../core/cohort-totals.js';
import { firstDayOfMonth, lastDayOfMonth, monthOf } from '../../core/dates.js';
import type { Day, Month } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

type CohortSpan = { from: Month | null; to: Month; asOfDay: Day };

/** The day sums of the cohorts in [from, to], up to the as-of day. */
export async function cohortDayTotals(db: Kysely<Database>, workspaceId: string, span: CohortSpan): Promise<CohortDayTotals[]> {
  let query = db
    .selectFrom('cohort_days')
    .select(['cohort', 'day', 'currency', 'mrr_delta', 'joined', 'paying_delta'])
    .where('workspace_id', '=', workspaceId)
    .where('day', '<=', span.asOfDay)
    .where('cohort', '<=', span.to);
  if (span.from !== null) query = query.where('cohort', '>=', span.from);
  const rows = await query.execute();
  return rows.map((r) => ({ cohort: r.cohort, day: r.day, currency: r.currency, mrrDelta: Number(r.mrr_delta), joined: Number(r.joined), payingDelta: Number(r.paying_delta) }));
}

/** The native new MRR of each first paid day and currency of the cohorts in [from, to]. */
export async function cohortStartTotals(db: Kysely<Database>, workspaceId: string, span: CohortSpan): Promise<CohortStartTotals[]> {
  const last = lastDayOfMonth(span.to) < span.asOfDay ? lastDayOfMonth(span.to) : span.asOfDay;
  const first = span.from === null ? '0001-01-01' : firstDayOfMonth(span.from);
  const rows = await sql<{ day: string; currency: string; new_mrr: number | string }>`
    select day, currency, sum(delta)::bigint as new_mrr from ledger_entries
    where workspace_id = ${workspaceId} and movement = 'new' and day >= ${first} and day <= ${last}
    group by day, currency`.execute(db);
  return rows.rows.map((r) => ({ cohort: monthOf(r.day), day: r.day, currency: r.currency, newMrr: Number(r.new_mrr) }));
}

/** The first cohort with a member by the as-of day, if any. */
export async function firstCohort(db: Kysely<Database>, workspaceId: string, asOfDay: Day): Promise<Month | null> {
  const row = await db
    .selectFrom('cohort_days')
    .select((eb) => eb.fn.min('cohort').as('first'))
    .where('workspace_id', '=', workspaceId)
    .where('day', '<=', asOfDay)
    .where('joined', '>', 0)
    .executeTakeFirst();
  return row?.first ?? null;
}

export type CohortMember = { customerId: string; name: string | null; email: string | null; firstPaidDay: Day };
export type MemberLevel = { customerId: string; currency: string; mrr: number };

/** The customers whose first paid day falls in `cohort`, by the as-of day. */
export async function cohortMembers(db: Kysely<Database>, workspaceId: string, cohort: Month, asOfDay: Day): Promise<CohortMember[]> {
  const last = lastDayOfMonth(cohort) < asOfDay ? lastDayOfMonth(cohort) : asOfDay;
  const rows = await sql<{ customer_id: string; day: string; name: string | null; email: string | null }>`
    select distinct l.customer_id, l.day, s.name, s.email
    from ledger_entries l
    left join customer_summaries s on s.workspace_id = l.workspace_id and s.customer_id = l.customer_id
    where l.workspace_id = ${workspaceId} and l.movement = 'new' and l.day >= ${firstDayOfMonth(cohort)} and l.day <= ${last}
    order by l.customer_id`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, email: r.email, firstPaidDay: r.day }));
}

/** Each member's native MRR per currency at the end of `day` (M0: their new MRR instead). */
export async function memberLevels(db: Kysely<Database>, workspaceId: string, cohort: Month, day: Day, atStart: boolean): Promise<MemberLevel[]> {
  const first = firstDayOfMonth(cohort);
  const rows = atStart
    ? await sql<{ customer_id: string; currency: string; mrr: number | string }>`
        select customer_id, currency, delta as mrr from ledger_entries
        where workspace_id = ${workspaceId} and movement = 'new' and day >= ${first} and day <= ${day}`.execute(db)
    : await sql<{ customer_id: string; currency: string; mrr: number | string }>`
        select distinct on (customer_id, currency) customer_id, currency, mrr from ledger_entries
        where workspace_id = ${workspaceId} and day <= ${day} and customer_id in (
          select customer_id from ledger_entries
          where workspace_id = ${workspaceId} and movement = 'new' and day >= ${first} and day <= ${lastDayOfMonth(cohort)})
        order by customer_id, currency, day desc`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, currency: r.currency, mrr: Number(r.mrr) }));
}
