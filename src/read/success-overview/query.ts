// The SQL the customer-success figures share: each customer's MRR and plan on a day (from the
// ledger, so a past as-of day reads that day's book), the latest health snapshot and risk score of
// each customer on or before a day, the health trend per snapshot day, and the alerts open at an
// instant. Every query is scoped by workspace and stops at the day or instant asked for.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import type { HealthBand } from '../customers/contract.js';

/** Per customer and currency, the MRR at the end of `day` (the latest ledger row on or before it),
 *  with the customer's name and its summary's plan; only rows with MRR above 0. */
export async function mrrOnDay(db: Kysely<Database>, workspaceId: string, day: Day): Promise<{ customerId: string; name: string | null; currency: string; mrr: number }[]> {
  const rows = await sql<{ customer_id: string; name: string | null; currency: string; mrr: string | number }>`
    select l.customer_id, cs.name, l.currency, l.mrr from (
      select distinct on (customer_id, currency) customer_id, currency, mrr from ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}::date
      order by customer_id, currency, day desc) l
    left join customer_summaries cs on cs.workspace_id = ${workspaceId} and cs.customer_id = l.customer_id
    where l.mrr > 0`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, currency: r.currency, mrr: Number(r.mrr) }));
}

/** Per customer, plan and currency, the plan's part of the MRR at the end of `day` (above 0). */
export async function planMrrOnDay(db: Kysely<Database>, workspaceId: string, day: Day): Promise<{ customerId: string; planId: string; currency: string; mrr: number }[]> {
  const rows = await sql<{ customer_id: string; plan_id: string; currency: string; mrr: string | number }>`
    select * from (
      select distinct on (customer_id, plan_id, currency) customer_id, plan_id, currency, mrr from plan_ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}::date
      order by customer_id, plan_id, currency, day desc) p
    where p.mrr > 0`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, planId: r.plan_id, currency: r.currency, mrr: Number(r.mrr) }));
}

/** Display names of the workspace's plans. */
export async function planNames(db: Kysely<Database>, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('plans').select(['plan_id', 'name']).where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((r) => [r.plan_id, r.name]));
}

export type LatestHealth = { customerId: string; day: Day; score: number | null; band: HealthBand | null; partial: boolean };

/** Each customer's latest health snapshot on or before `day` (one index probe per customer: a
 *  scan of every snapshot to keep one per customer is many times slower). */
export async function latestHealth(db: Kysely<Database>, workspaceId: string, day: Day): Promise<LatestHealth[]> {
  const rows = await sql<{ customer_id: string; day: string; score: number | null; band: HealthBand | null; partial: boolean }>`
    select cs.customer_id, h.day::text as day, h.score, h.band, h.partial from customer_summaries cs
    join lateral (select day, score, band, partial from health_snapshots s
      where s.workspace_id = ${workspaceId} and s.customer_id = cs.customer_id and s.day <= ${day}::date order by s.day desc limit 1) h on true
    where cs.workspace_id = ${workspaceId}`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, day: String(r.day), score: r.score, band: r.band, partial: r.partial }));
}

export type LatestRisk = { customerId: string; day: Day; probability: number; reasons: unknown };

/** Each customer's latest churn-risk score on or before `day`. */
export async function latestRisk(db: Kysely<Database>, workspaceId: string, day: Day): Promise<LatestRisk[]> {
  const rows = await sql<{ customer_id: string; day: string; probability: number; reasons: unknown }>`
    select cs.customer_id, r.day::text as day, r.probability, r.reasons from customer_summaries cs
    join lateral (select day, probability, reasons from risk_scores s
      where s.workspace_id = ${workspaceId} and s.customer_id = cs.customer_id and s.day <= ${day}::date order by s.day desc limit 1) r on true
    where cs.workspace_id = ${workspaceId}`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, day: String(r.day), probability: Number(r.probability), reasons: r.reasons }));
}

export type HealthDay = { day: Day; averageScore: number | null; scored: number; high_risk: number; medium: number; healthy: number };

/** Per day with snapshots in [from, to]: the average score and the customers in each band, over
 *  the customers paying at the end of that day (as the distribution counts them: a churned
 *  customer's low score is not a risk to the book any more). */
export async function healthByDay(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<HealthDay[]> {
  // Paying on a snapshot's day: the customer's latest ledger entry by then, in some currency, has
  // MRR. Asked per snapshot through the ledger's primary key — a plan that does not depend on
  // table statistics (PGlite never gathers any; a join over all days took 15 s on the demo).
  const rows = await sql<{ day: string; avg: number | string | null; scored: number | string; high_risk: number | string; medium: number | string; healthy: number | string }>`
    select s.day, avg(s.score)::float8 as avg, count(s.score) as scored,
      count(*) filter (where s.band = 'high_risk') as high_risk, count(*) filter (where s.band = 'medium') as medium, count(*) filter (where s.band = 'healthy') as healthy
    from health_snapshots s
    where s.workspace_id = ${workspaceId} and s.day between ${from}::date and ${to}::date
      and exists (
        select 1 from (
          select distinct on (l.currency) l.mrr from ledger_entries l
          where l.workspace_id = s.workspace_id and l.customer_id = s.customer_id and l.day <= s.day
          order by l.currency, l.day desc) latest
        where latest.mrr > 0)
    group by s.day order by s.day`.execute(db);
  return rows.rows.map((r) => ({
    day: String(r.day), averageScore: r.avg === null ? null : Number(r.avg), scored: Number(r.scored),
    high_risk: Number(r.high_risk), medium: Number(r.medium), healthy: Number(r.healthy),
  }));
}

/** Alerts open at the instant `at` (opened by then, not cleared by then), per rule kind. */
export async function openAlertsByKind(db: Kysely<Database>, workspaceId: string, at: Date): Promise<{ kind: string; open: number }[]> {
  const rows = await db.selectFrom('alerts')
    .innerJoin('alert_rules', (j) => j.onRef('alert_rules.workspace_id', '=', 'alerts.workspace_id').onRef('alert_rules.rule_id', '=', 'alerts.rule_id'))
    .select(['alert_rules.kind', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('alerts.workspace_id', '=', workspaceId)
    .where('alerts.opened_at', '<=', at)
    .where((eb) => eb.or([eb('alerts.cleared_at', 'is', null), eb('alerts.cleared_at', '>', at)]))
    .where((eb) => eb.or([eb('alerts.status', '<>', 'cleared'), eb('alerts.cleared_at', '>', at)]))
    .groupBy('alert_rules.kind').orderBy('alert_rules.kind').execute();
  return rows.map((r) => ({ kind: r.kind, open: Number(r.n) }));
}

/** Whether any product usage was rolled up on or before `day`, and whether any health snapshot or
 *  risk score exists by then: what the figures' notes say is missing. */
export async function dataPresent(db: Kysely<Database>, workspaceId: string, day: Day): Promise<{ usage: boolean; health: boolean; risk: boolean }> {
  const row = await sql<{ usage: boolean; health: boolean; risk: boolean }>`
    select exists (select 1 from usage_daily where workspace_id = ${workspaceId} and day <= ${day}::date) as usage,
      exists (select 1 from health_snapshots where workspace_id = ${workspaceId} and day <= ${day}::date) as health,
      exists (select 1 from risk_scores where workspace_id = ${workspaceId} and day <= ${day}::date) as risk`.execute(db);
  const r = row.rows[0]!;
  return { usage: r.usage, health: r.health, risk: r.risk };
}
