// Plan limits: the workspace's plans, each plan's limits (replaced as a set), the usage event
// names seen lately, and loadLimitUses — usage against the plan's limits for many customers at
// once on one day (the health helper calls it when loading CustomerSignals). Scoped by workspace.
import { sql, type Kysely } from 'kysely';
import { addDays } from '../core/dates.js';
import { earliestWindowDay, limitUses, limitWindow, SEAT_DAYS, SEATS, type LimitDefinition, type LimitPeriod, type PeriodTotals, type WindowedLimitUse } from '../core/limit-usage.js';
import type { Day } from '../core/types.js';
import type { Database } from './schema.js';

const CHUNK = 1000;

export type PlanRow = { planId: string; name: string };
export type PlanLimitRow = LimitDefinition & { planId: string };

/** The workspace's plans with their display names (the product's name, else the plan's). */
export async function listPlans(db: Kysely<Database>, workspaceId: string): Promise<PlanRow[]> {
  const rows = await db.selectFrom('plans')
    .leftJoin('products', (j) => j.onRef('products.workspace_id', '=', 'plans.workspace_id').onRef('products.product_id', '=', 'plans.plan_id'))
    .select(['plans.plan_id', sql<string>`coalesce(products.name, plans.name)`.as('name')])
    .where('plans.workspace_id', '=', workspaceId).orderBy('plans.plan_id').execute();
  return rows.map((r) => ({ planId: r.plan_id, name: r.name }));
}

export async function planExists(db: Kysely<Database>, workspaceId: string, planId: string): Promise<boolean> {
  const row = await db.selectFrom('plans').select('plan_id').where('workspace_id', '=', workspaceId).where('plan_id', '=', planId).executeTakeFirst();
  return row !== undefined;
}

/** Every limit of the workspace (or of these plans), by plan then metric. */
export async function listPlanLimits(db: Kysely<Database>, workspaceId: string, planIds?: readonly string[]): Promise<PlanLimitRow[]> {
  if (planIds && planIds.length === 0) return [];
  let q = db.selectFrom('plan_limits').select(['plan_id', 'metric', 'limit_value', 'period']).where('workspace_id', '=', workspaceId);
  if (planIds) q = q.where('plan_id', 'in', [...new Set(planIds)]);
  const rows = await q.orderBy('plan_id').orderBy('metric').execute();
  return rows.map((r) => ({ planId: r.plan_id, metric: r.metric, limit: Number(r.limit_value), period: r.period }));
}

/** Replaces the plan's limits with these (none: the plan has no limits any more). */
export async function replacePlanLimits(db: Kysely<Database>, workspaceId: string, planId: string, limits: readonly LimitDefinition[], at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plan_limits').where('workspace_id', '=', workspaceId).where('plan_id', '=', planId).execute();
    if (limits.length > 0) {
      await trx.insertInto('plan_limits')
        .values(limits.map((l) => ({ workspace_id: workspaceId, plan_id: planId, metric: l.metric, limit_value: l.limit, period: l.period, updated_at: at })))
        .execute();
    }
  });
}

/** Usage event names seen from `since` on, most used first (at most `limit`). */
export async function recentEventNames(db: Kysely<Database>, workspaceId: string, since: Day, limit = 500): Promise<string[]> {
  const rows = await db.selectFrom('usage_daily').select('event').where('workspace_id', '=', workspaceId).where('day', '>=', since)
    .groupBy('event').orderBy(sql`sum(events)`, 'desc').orderBy('event').limit(limit).execute();
  return rows.map((r) => r.event);
}

/** Per customer and event, the quantity summed over each period's window ending on `day`, over
 *  every product account linked to the customer. */
async function periodTotals(db: Kysely<Database>, workspaceId: string, day: Day, customerIds: readonly string[], events: readonly string[]) {
  const out = new Map<string, Map<string, PeriodTotals>>();
  if (events.length === 0) return out;
  const month = limitWindow('month', day).from;
  const rolling = limitWindow('rolling_30_days', day).from;
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const rows = await db.selectFrom('usage_daily as u')
      .innerJoin('cs_accounts as a', (j) => j.onRef('a.workspace_id', '=', 'u.workspace_id').onRef('a.account_id', '=', 'u.account_id'))
      .select([
        'a.customer_id', 'u.event',
        sql<number | string | null>`sum(u.quantity) filter (where u.day >= ${month})`.as('month'),
        sql<number | string | null>`sum(u.quantity) filter (where u.day >= ${rolling})`.as('rolling'),
        sql<number | string | null>`sum(u.quantity) filter (where u.day = ${day})`.as('today'),
      ])
      .where('u.workspace_id', '=', workspaceId).where('a.customer_id', 'in', customerIds.slice(i, i + CHUNK)).where('u.event', 'in', events)
      .where('u.day', '>=', earliestWindowDay(day)).where('u.day', '<=', day)
      .groupBy(['a.customer_id', 'u.event']).execute();
    for (const r of rows) {
      let byEvent = out.get(r.customer_id!);
      if (!byEvent) out.set(r.customer_id!, (byEvent = new Map()));
      byEvent.set(r.event, { month: Number(r.month ?? 0), rolling_30_days: Number(r.rolling ?? 0), day: Number(r.today ?? 0) });
    }
  }
  return out;
}

/** Distinct users active in the 30 days ending on `day`, per customer (over its linked accounts). */
export async function seatsInUse(db: Kysely<Database>, workspaceId: string, day: Day, customerIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const rows = await db.selectFrom('user_activity_daily as x')
      .innerJoin('cs_accounts as a', (j) => j.onRef('a.workspace_id', '=', 'x.workspace_id').onRef('a.account_id', '=', 'x.account_id'))
      .select(['a.customer_id', sql<number | string>`count(distinct x.user_id)`.as('users')])
      .where('x.workspace_id', '=', workspaceId).where('a.customer_id', 'in', customerIds.slice(i, i + CHUNK))
      .where('x.day', '>=', addDays(day, -(SEAT_DAYS - 1))).where('x.day', '<=', day)
      .groupBy('a.customer_id').execute();
    for (const r of rows) out.set(r.customer_id!, Number(r.users));
  }
  return out;
}

/**
 * Usage against the plan's limits on `day`, for many customers at once: each customer's plan is
 * given (the caller knows it as of the day); a customer whose plan has no limits gets []. A few
 * queries whatever the number of customers (chunks of 1,000).
 */
export async function loadLimitUses(
  db: Kysely<Database>, workspaceId: string, day: Day, customers: readonly { customerId: string; planId: string | null }[],
): Promise<Map<string, WindowedLimitUse[]>> {
  const out = new Map<string, WindowedLimitUse[]>();
  const planIds = [...new Set(customers.flatMap((c) => (c.planId === null ? [] : [c.planId])))];
  const limitsByPlan = new Map<string, LimitDefinition[]>();
  for (const l of await listPlanLimits(db, workspaceId, planIds)) {
    const list = limitsByPlan.get(l.planId) ?? [];
    list.push({ metric: l.metric, limit: l.limit, period: l.period });
    limitsByPlan.set(l.planId, list);
  }
  const limited = customers.filter((c) => c.planId !== null && limitsByPlan.has(c.planId));
  const ids = limited.map((c) => c.customerId);
  const events = [...new Set([...limitsByPlan.values()].flat().map((l) => l.metric).filter((m) => m !== SEATS))];
  const wantsSeats = [...limitsByPlan.values()].some((ls) => ls.some((l) => l.metric === SEATS));
  const totals = await periodTotals(db, workspaceId, day, ids, events);
  const seats = wantsSeats ? await seatsInUse(db, workspaceId, day, ids) : new Map<string, number>();
  for (const c of customers) {
    const limits = c.planId === null ? undefined : limitsByPlan.get(c.planId);
    out.set(c.customerId, limits ? limitUses(limits, day, totals.get(c.customerId) ?? new Map(), seats.get(c.customerId) ?? 0) : []);
  }
  return out;
}

export type { LimitPeriod };
