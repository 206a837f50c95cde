// The SQL of the series view beyond the period rows (src/read/periods/query.ts): the stored
// payments summed per day. Callers bound every range by the as-of day.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

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
