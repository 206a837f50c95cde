// The SQL of payment health: native sums per UTC day and currency (and code) of the charges,
// refunds and disputes created in [from, to]. Nothing created after `to` is read, so a range
// clamped to the as-of day never counts a later payment.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PaymentDaySum } from '../../core/payment-health.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

type Row = { day: Day; currency: string; amount: number | string; count: number | string; code?: string };
export type PaymentSums = Record<'succeeded' | 'failed' | 'refunds' | 'disputes' | 'recovered', PaymentDaySum[]>;

const created = (from: Day, to: Day) => sql`created_at >= ${`${from}T00:00:00Z`}::timestamptz and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'`;
const dayOf = sql`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`;

async function sums(db: Kysely<Database>, query: RawBuilder<Row>): Promise<PaymentDaySum[]> {
  const { rows } = await query.execute(db);
  return rows.map((r) => ({ day: r.day, currency: r.currency, amount: Number(r.amount), count: Number(r.count), ...(r.code === undefined ? {} : { code: r.code }) }));
}

export async function paymentSums(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<PaymentSums> {
  const w = workspaceId;
  const range = created(from, to);
  const [succeeded, failed, refunds, disputes, recovered] = await Promise.all([
    sums(db, sql<Row>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count from payments
      where workspace_id = ${w} and status = 'succeeded' and ${range} group by 1, 2`),
    sums(db, sql<Row>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count,
        coalesce(record->>'declineCode', failure_code, 'unknown') as code from payments
      where workspace_id = ${w} and status = 'failed' and ${range} group by 1, 2, 5`),
    sums(db, sql<Row>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count from refunds
      where workspace_id = ${w} and coalesce(status, 'succeeded') in ('succeeded', 'pending') and ${range} group by 1, 2`),
    sums(db, sql<Row>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count,
        coalesce(status, 'unknown') as code from disputes
      where workspace_id = ${w} and ${range} group by 1, 2, 5`),
    sums(db, sql<Row>`select ${dayOf} as day, currency, sum(amount)::bigint as amount, count(*)::int as count from payments p
      where workspace_id = ${w} and status = 'succeeded' and invoice_id is not null and ${range}
        and exists (select 1 from payments f where f.workspace_id = p.workspace_id and f.invoice_id = p.invoice_id
                     and f.status = 'failed' and f.created_at < p.created_at)
      group by 1, 2`),
  ]);
  return { succeeded, failed, refunds, disputes, recovered };
}
