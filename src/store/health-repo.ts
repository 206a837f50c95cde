// Health snapshots: one row per customer per day (score, band, partial, the components with their
// explanations). Written whole for a day by the snapshot job (an upsert, so rerunning a day
// replaces it), read back as a customer's trend and as the days a workspace already has.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../core/dates.js';
import type { HealthBand } from '../core/success-settings.js';
import { chunks } from './batches.js';
import type { Database } from './schema.js';

export type HealthSnapshotRow = {
  customerId: string;
  day: Day;
  score: number | null;
  band: HealthBand | null;
  partial: boolean;
  components: unknown[];
};

const BATCH = 500;

/** Writes (or replaces) these snapshots, in batches. */
export async function upsertHealthSnapshots(db: Kysely<Database>, workspaceId: string, rows: readonly HealthSnapshotRow[]): Promise<void> {
  for (const batch of chunks(rows, BATCH)) {
    await db.insertInto('health_snapshots')
      .values(batch.map((r) => ({
        workspace_id: workspaceId, customer_id: r.customerId, day: r.day, score: r.score, band: r.band, partial: r.partial, components: JSON.stringify(r.components),
      })))
      .onConflict((oc) => oc.columns(['workspace_id', 'customer_id', 'day']).doUpdateSet((eb) => ({
        score: eb.ref('excluded.score'), band: eb.ref('excluded.band'), partial: eb.ref('excluded.partial'), components: eb.ref('excluded.components'),
      })))
      .execute();
  }
}

/** The customers with any subscription history by `day` (those the snapshot job scores). */
export async function customersWithSubscriptions(db: Kysely<Database>, workspaceId: string, day: Day): Promise<string[]> {
  const rows = await db.selectFrom('customer_summaries').select('customer_id')
    .where('workspace_id', '=', workspaceId).where('signup_day', '<=', day).where('deleted', '=', false)
    .orderBy('customer_id').execute();
  return rows.map((r) => r.customer_id);
}

/** Of these days, the ones that already have snapshots in the workspace. */
export async function snapshotDaysPresent(db: Kysely<Database>, workspaceId: string, days: readonly Day[]): Promise<Set<Day>> {
  if (days.length === 0) return new Set();
  const rows = await sql<{ day: string }>`
    select distinct to_char(day, 'YYYY-MM-DD') as day from health_snapshots
    where workspace_id = ${workspaceId} and day in (${sql.join(days.map((d) => sql`${d}::date`))})`.execute(db);
  return new Set(rows.rows.map((r) => r.day));
}

/** One customer's snapshots over [from, to], oldest first. */
export async function customerHealthTrend(db: Kysely<Database>, workspaceId: string, customerId: string, from: Day, to: Day) {
  const rows = await sql<{ day: string; score: number | null; band: HealthBand | null }>`
    select to_char(day, 'YYYY-MM-DD') as day, score, band from health_snapshots
    where workspace_id = ${workspaceId} and customer_id = ${customerId} and day >= ${from} and day <= ${to}
    order by day`.execute(db);
  return rows.rows.map((r) => ({ day: r.day, score: r.score === null ? null : Number(r.score), band: r.band }));
}

/** One customer's snapshot of one day, or null. */
export async function healthSnapshotOf(db: Kysely<Database>, workspaceId: string, customerId: string, day: Day): Promise<HealthSnapshotRow | null> {
  const row = await db.selectFrom('health_snapshots').select(['customer_id', 'score', 'band', 'partial', 'components'])
    .where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).where('day', '=', day).executeTakeFirst();
  return row ? { customerId: row.customer_id, day, score: row.score, band: row.band, partial: row.partial, components: row.components } : null;
}

/** Refreshes the planner's statistics of the tables health reads in bulk. PGlite runs no
 *  autovacuum, so after a bulk load (the demo's signals, a backfill) the planner would otherwise
 *  guess a handful of rows and pick nested loops over tens of thousands (the signals of 2,000
 *  demo customers: about 4 s without statistics, under 1 s with them). */
export async function analyzeSignalTables(db: Kysely<Database>): Promise<void> {
  await sql`analyze usage_daily, user_activity_daily, cs_accounts, support_tickets, survey_responses, health_snapshots`.execute(db);
}
