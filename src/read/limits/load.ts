// The usage view: one customer's usage against its plan's limits as of an instant (each limit's
// window ends on the as-of day), its most used events over the last 30 days and the users active
// in them, summed over every product account linked to the customer; and the limits set itself.
import type { Kysely } from 'kysely';
import { addDays } from '../../core/dates.js';
import { SEATS } from '../../core/limit-usage.js';
import { listPlanLimits, listPlans, loadLimitUses, recentEventNames, seatsInUse } from '../../store/plan-limits-repo.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import type { CustomerUsageResponse, PlanLimitsResponse } from './contract.js';
import { customerPlan, linkedAccounts, topEvents } from './query.js';

const TOP_EVENTS = 10;

/** Null when the workspace has no such customer. */
export async function loadCustomerUsage(db: Kysely<Database>, workspaceId: string, customerId: string, asOf: AsOf): Promise<CustomerUsageResponse | null> {
  const plan = await customerPlan(db, workspaceId, customerId);
  if (plan === undefined) return null;
  const from = addDays(asOf.day, -29);
  const [uses, accounts, events, seats] = await Promise.all([
    loadLimitUses(db, workspaceId, asOf.day, [{ customerId, planId: plan.plan_id }]),
    linkedAccounts(db, workspaceId, customerId),
    topEvents(db, workspaceId, customerId, from, asOf.day, TOP_EVENTS),
    seatsInUse(db, workspaceId, asOf.day, [customerId]),
  ]);
  return {
    asOf: asOf.at.toISOString(),
    customerId,
    planId: plan.plan_id,
    planName: plan.plan_name,
    accounts,
    limits: uses.get(customerId) ?? [],
    topEvents: events,
    activeUsers30d: seats.get(customerId) ?? 0,
  };
}

/** Every plan with its limits (plans the workspace no longer lists but that keep limits too). */
export async function loadPlanLimits(db: Kysely<Database>, workspaceId: string, today: string): Promise<PlanLimitsResponse> {
  const [plans, limits, events] = await Promise.all([listPlans(db, workspaceId), listPlanLimits(db, workspaceId), recentEventNames(db, workspaceId, addDays(today, -89))]);
  const byPlan = new Map<string, PlanLimitsResponse['plans'][number]>(plans.map((p) => [p.planId, { planId: p.planId, planName: p.name, limits: [] }]));
  for (const l of limits) {
    let entry = byPlan.get(l.planId);
    if (!entry) byPlan.set(l.planId, (entry = { planId: l.planId, planName: null, limits: [] }));
    entry.limits.push({ metric: l.metric, limit: l.limit, period: l.period });
  }
  return { plans: [...byPlan.values()], knownMetrics: [SEATS, ...events.filter((e) => e !== SEATS)] };
}
