// Usage analytics as of an instant: per period of [from, min(to, as-of day)] and per plan, the
// distinct active users, daily active users averaged over the period's days, active accounts, the
// track events' total quantity and the average per active user (the spec's "daily active usage
// by plan"); and feature adoption per plan over the whole range. Plans are the customers' plans on
// the as-of day; accounts not linked to a paying customer are the null plan.
import type { Kysely } from 'kysely';
import { daysBetween, periodStart, type Granularity } from '../../core/dates.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { clampDay, type AsOf } from '../clock.js';
import { clippedPeriods } from '../periods/load.js';
import { planNames } from '../success-overview/query.js';
import type { PlanUsage, UsageResponse } from './contract.js';
import { activeUsersByPeriod, adoptionByPlan, usageByPeriod } from './query.js';

export type UsageQuery = { from: Day; to: Day; granularity: Granularity };

const byPlan = (a: { planId: string | null }, b: { planId: string | null }) => (a.planId === b.planId ? 0 : a.planId === null ? 1 : b.planId === null ? -1 : a.planId < b.planId ? -1 : 1);

export async function loadUsage(db: Kysely<Database>, workspaceId: string, query: UsageQuery, asOf: AsOf): Promise<UsageResponse> {
  const to = clampDay(query.to, asOf);
  const empty: UsageResponse = { granularity: query.granularity, from: query.from, to, periods: [], adoption: [], notes: [] };
  if (to < query.from) return empty;
  const [users, quantities, adoption, names] = await Promise.all([
    activeUsersByPeriod(db, workspaceId, query.from, to, query.granularity, asOf.day),
    usageByPeriod(db, workspaceId, query.from, to, query.granularity, asOf.day),
    adoptionByPlan(db, workspaceId, query.from, to, asOf.day),
    planNames(db, workspaceId),
  ]);
  const nameOf = (planId: string | null) => (planId === null ? null : (names.get(planId) ?? planId));
  // date_trunc('week') starts weeks on Monday, as periodStart does; the first period may be clipped.
  const keyOf = (start: Day) => periodStart(start, query.granularity);
  const periods = clippedPeriods(query.from, to, query.granularity).map((p) => {
    const key = keyOf(p.start);
    const days = daysBetween(p.start, p.end) + 1;
    const u = users.filter((r) => r.start === key);
    const q = quantities.filter((r) => r.start === key);
    const planIds = [...new Set([...u.filter((r) => !r.total).map((r) => r.planId), ...q.filter((r) => !r.total).map((r) => r.planId)])];
    const plans: PlanUsage[] = planIds.map((planId) => {
      const ur = u.find((r) => !r.total && r.planId === planId);
      const total = q.find((r) => !r.total && r.planId === planId)?.quantity ?? 0;
      const active = ur?.users ?? 0;
      return {
        planId, planName: nameOf(planId), activeUsers: active, averageDailyActiveUsers: (ur?.userDays ?? 0) / days, activeAccounts: ur?.accounts ?? 0,
        totalUsage: total, averageUsagePerUser: active === 0 ? null : total / active,
      };
    }).sort(byPlan);
    const ut = u.find((r) => r.total);
    return { period: p.key, start: p.start, end: p.end, activeUsers: ut?.users ?? 0, averageDailyActiveUsers: (ut?.userDays ?? 0) / days, totalUsage: q.find((r) => r.total)?.quantity ?? 0, plans };
  });
  const planTotals = adoption.filter((r) => r.event === null);
  const adoptionOut = planTotals.map((t) => ({
    planId: t.planId, planName: nameOf(t.planId), activeAccounts: t.accounts,
    features: adoption.filter((r) => r.event !== null && r.event !== '$page' && r.planId === t.planId)
      .map((r) => ({ event: r.event!, accounts: r.accounts, share: t.accounts === 0 ? 0 : r.accounts / t.accounts }))
      .sort((a, b) => b.accounts - a.accounts || (a.event < b.event ? -1 : 1)),
  })).sort(byPlan);
  const notes = users.length === 0 && quantities.length === 0 ? ['No product usage in this range: send events to POST /v1/track (Segment-compatible).'] : [];
  return { ...empty, periods, adoption: adoptionOut, notes };
}
