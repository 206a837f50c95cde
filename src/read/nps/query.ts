// The SQL of the NPS view: the NPS responses in a range of days (stopping at the as-of instant),
// each with its respondent — the customer, else the account, else the e-mail, else the response.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export type NpsResponseRow = { respondent: string; day: Day; at: Date; score: number };

export async function npsResponses(db: Kysely<Database>, workspaceId: string, from: Day, to: Day, until: Date): Promise<NpsResponseRow[]> {
  const rows = await sql<{ respondent: string; day: string; responded_at: Date | string; score: number }>`
    select coalesce('c:' || customer_id, 'a:' || account_id, 'e:' || lower(email), 'r:' || response_id) as respondent,
      to_char(responded_at at time zone 'UTC', 'YYYY-MM-DD') as day, responded_at, score
    from survey_responses
    where workspace_id = ${workspaceId} and kind = 'nps'
      and responded_at >= ${`${from}T00:00:00Z`}::timestamptz and responded_at < (${to}::date + 1)::timestamp at time zone 'UTC'
      and responded_at <= ${until}
    order by responded_at, response_id`.execute(db);
  return rows.rows.map((r) => ({ respondent: r.respondent, day: r.day, at: new Date(r.responded_at), score: Number(r.score) }));
}
