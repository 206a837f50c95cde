// The SQL of the activity timeline: one UNION over the customer's MRR ledger, payments, refunds,
// daily usage of its linked product accounts (per event and day), tickets opened and closed and
// survey responses, nothing after the as-of instant, ordered newest first by (at, id) and cut
// at a keyset position. Ids compare in the "C" collation so the order is the same on every
// database (and in JavaScript).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

export type ActivityRow = {
  at: Date;
  id: string;
  source: 'ledger' | 'payment' | 'refund' | 'usage' | 'ticket_opened' | 'ticket_closed' | 'survey';
  /** movement, payment status, event name, ticket subject or survey kind. */
  label: string | null;
  currency: string | null;
  amount: number | string | null;
  /** ledger: MRR after; usage: events; ticket: satisfaction; survey: score. */
  n1: number | string | null;
  /** usage: users; ledger: MRR before. */
  n2: number | string | null;
  /** failure code, priority, comment. */
  note: string | null;
};

export type ActivityCursor = { at: Date; id: string };

export async function activityPage(db: Kysely<Database>, workspaceId: string, customerId: string, asOf: { at: Date; day: string }, before: ActivityCursor | null, limit: number): Promise<ActivityRow[]> {
  const w = workspaceId, c = customerId, at = asOf.at, day = asOf.day;
  const midnight = (col: string) => sql.raw(`(${col}::timestamp at time zone 'UTC')`);
  const cut = before ? sql`where (t.at < ${before.at} or (t.at = ${before.at} and t.id collate "C" < ${before.id}))` : sql``;
  const result = await sql<ActivityRow>`
    select * from (
      select ${midnight('l.day')} as at, 'ledger:' || l.day::text || ':' || l.currency as id, 'ledger' as source, l.movement as label,
             l.currency, l.delta as amount, l.mrr::double precision as n1, (l.mrr - l.delta)::double precision as n2, null::text as note
        from ledger_entries l where l.workspace_id = ${w} and l.customer_id = ${c} and l.day <= ${day}
      union all
      select p.created_at, 'payment:' || p.payment_id, 'payment', p.status, p.currency, p.amount, null, null, p.failure_code
        from payments p where p.workspace_id = ${w} and p.customer_id = ${c} and p.created_at <= ${at} and p.status in ('succeeded', 'failed')
      union all
      select r.created_at, 'refund:' || r.refund_id, 'refund', r.status, r.currency, r.amount, null, null, p.payment_id
        from refunds r join payments p on p.workspace_id = r.workspace_id and p.payment_id = r.payment_id
        where r.workspace_id = ${w} and p.customer_id = ${c} and r.created_at <= ${at} and coalesce(r.status, 'succeeded') in ('succeeded', 'pending')
      union all
      select ${midnight('u.day')}, 'usage:' || u.day::text || ':' || u.event, 'usage', u.event, null, null,
             sum(u.events)::double precision, sum(u.users)::double precision, null
        from usage_daily u join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
        where u.workspace_id = ${w} and a.customer_id = ${c} and u.day <= ${day}
        group by u.day, u.event
      union all
      select s.opened_at, 'ticket-opened:' || s.ticket_id, 'ticket_opened', s.subject, null, null, null, null, s.priority
        from support_tickets s where s.workspace_id = ${w} and s.customer_id = ${c} and s.opened_at <= ${at}
      union all
      select s.closed_at, 'ticket-closed:' || s.ticket_id, 'ticket_closed', s.subject, null, null, s.satisfaction, null, s.priority
        from support_tickets s where s.workspace_id = ${w} and s.customer_id = ${c} and s.closed_at <= ${at}
      union all
      select v.responded_at, 'survey:' || v.response_id, 'survey', v.kind, null, null, v.score, null, v.comment
        from survey_responses v where v.workspace_id = ${w} and v.customer_id = ${c} and v.responded_at <= ${at}
    ) t
    ${cut}
    order by t.at desc, t.id collate "C" desc
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, at: r.at instanceof Date ? r.at : new Date(r.at) }));
}

/** Whether the workspace has this customer. */
export async function customerExists(db: Kysely<Database>, workspaceId: string, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('customers').select('customer_id').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).executeTakeFirst();
  return row !== undefined;
}
