// The SQL of the summary beyond the period rows, payments and trials (src/read/trials): today's
// signups, the last event and the scheduled changes. Scoped by workspace; every figure's
// query stops at the as-of day — only `scheduledChanges` reads after it, on purpose.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export async function signupsOn(db: Kysely<Database>, workspaceId: string, day: Day): Promise<number> {
  const row = await db
    .selectFrom('customer_summaries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('signup_day', '=', day)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The latest event any source of the workspace received. */
export async function lastEventAt(db: Kysely<Database>, workspaceId: string): Promise<Date | null> {
  const row = await db.selectFrom('sources').select((eb) => eb.fn.max('last_event_at').as('at')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

export type ScheduledChanges = {
  /** Native MRR change per currency of the ledger rows dated after the as-of day. */
  deltas: Map<string, number>;
  /** How many ledger rows (a customer's change on a day, per currency) are dated after it. */
  changes: number;
  firstDay: Day | null;
  lastDay: Day | null;
};

/** The changes the ledger already holds for days after `asOfDay` (a cancellation at period end, a
 *  coupon ending, a trial converting): scheduled, never current. */
export async function scheduledChanges(db: Kysely<Database>, workspaceId: string, asOfDay: Day): Promise<ScheduledChanges> {
  const rows = await sql<{ currency: string; delta: number; n: number; first: string; last: string }>`
    select currency, sum(delta)::bigint as delta, count(*)::int as n,
           to_char(min(day), 'YYYY-MM-DD') as first, to_char(max(day), 'YYYY-MM-DD') as last
    from ledger_entries where workspace_id = ${workspaceId} and day > ${asOfDay}
    group by currency`.execute(db);
  const firsts = rows.rows.map((r) => r.first).sort();
  const lasts = rows.rows.map((r) => r.last).sort();
  return {
    deltas: new Map(rows.rows.map((r) => [r.currency, Number(r.delta)])),
    changes: rows.rows.reduce((sum, r) => sum + r.n, 0),
    firstDay: firsts[0] ?? null,
    lastDay: lasts.at(-1) ?? null,
  };
}
