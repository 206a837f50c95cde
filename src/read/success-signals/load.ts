// Loads CustomerSignals (src/core/customer-signals.ts) for every customer of a workspace, or the
// given ones, at the end of a day as of an instant: a fixed handful of grouped queries whatever
// the number of customers (query.ts), assembled here. Nothing dated after the day, or after the
// as-of instant when that is earlier, counts. Health, risk, alerts and segments all read this.
import type { Kysely } from 'kysely';
import type { CustomerSignals, LimitUse, UsageSignals } from '../../core/customer-signals.js';
import { addDays, daysBetween, type Day } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import { loadLimitUses } from '../../store/plan-limits-repo.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import { loadFx } from '../fx.js';
import * as q from './query.js';

export type SignalsOptions = {
  /** The day read (clamped to the as-of day). */
  day: Day;
  /** Only these customers (default: every customer that exists by the day). */
  customerIds?: readonly string[];
  asOf: AsOf;
  /** Usage against plan limits for many customers at once (default: the plan_limits table's,
   *  src/store/plan-limits-repo.ts). */
  limits?: LimitsLoader;
};

export type LimitsLoader = (db: Kysely<Database>, workspaceId: string, input: { day: Day; customers: readonly { customerId: string; planId: string | null }[] }) => Promise<ReadonlyMap<string, readonly LimitUse[]>>;

/** Each customer's usage against its plan's limits on the day, from the stored plan limits. */
export const storedLimits: LimitsLoader = async (db, workspaceId, input) => {
  const uses = await loadLimitUses(db, workspaceId, input.day, input.customers);
  return new Map([...uses].map(([id, list]) => [id, list.map((u) => ({ metric: u.metric, used: u.used, limit: u.limit, ratio: u.ratio }))]));
};

/** The day actually read, its windows and the cut-off instant (see query.ts's Window). */
export function signalsWindow(day: Day, asOf: AsOf): q.Window {
  const d = day > asOf.day ? asOf.day : day;
  const endOfDay = Date.parse(`${addDays(d, 1)}T00:00:00Z`) - 1;
  return {
    day: d,
    cutoff: new Date(Math.min(endOfDay, asOf.at.getTime())),
    from7: addDays(d, -6),
    from14: addDays(d, -13),
    from30: addDays(d, -29),
    from60: addDays(d, -59),
    from90: addDays(d, -89),
    day30Ago: addDays(d, -30),
  };
}

function convertLevels(rows: readonly { customerId: string; currency: string; mrr: number }[], fx: FxTable, day: Day): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.customerId, (out.get(r.customerId) ?? 0) + fx.convert(r.mrr, r.currency, day));
  return out;
}

/** The plan with the customer's largest MRR (in the reporting currency) on the day. */
function topPlans(rows: readonly { customerId: string; planId: string; currency: string; mrr: number }[], fx: FxTable, day: Day): Map<string, string> {
  const byCustomer = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const plans = byCustomer.get(r.customerId) ?? new Map<string, number>();
    plans.set(r.planId, (plans.get(r.planId) ?? 0) + fx.convert(r.mrr, r.currency, day));
    byCustomer.set(r.customerId, plans);
  }
  const out = new Map<string, string>();
  for (const [customerId, plans] of byCustomer) {
    const top = [...plans].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (top) out.set(customerId, top[0]);
  }
  return out;
}

/** Every customer's signals at the end of `day` as of `asOf` (ordered by customer id). */
export async function loadCustomerSignals(db: Kysely<Database>, workspaceId: string, options: SignalsOptions): Promise<CustomerSignals[]> {
  const w = signalsWindow(options.day, options.asOf);
  const requested = options.customerIds ? [...new Set(options.customerIds)] : null;
  // A long list is cheaper as the whole workspace filtered here than as thousands of parameters.
  const scope: q.Scope = { workspaceId, customerIds: requested && requested.length <= 1000 ? requested : null };
  const wanted = requested ? new Set(requested) : null;

  const [customers, currency, levels, levels30, plans, firstPaid, trials, payments, discounted, linked, usage, users, supportFeed, support, nps] = await Promise.all([
    q.customersAt(db, scope, w),
    q.reportingCurrency(db, workspaceId),
    q.mrrLevels(db, scope, w.day),
    q.mrrLevels(db, scope, w.day30Ago),
    q.planLevels(db, scope, w.day),
    q.firstPaidDays(db, scope, w.day),
    q.activeTrials(db, scope, w.day),
    q.paymentFacts(db, scope, w),
    q.discountedCustomers(db, scope, w),
    q.linkedCustomers(db, scope, w),
    q.usageRows(db, scope, w),
    q.activeUsers(db, scope, w),
    q.hasSupportData(db, workspaceId, w),
    q.supportRows(db, scope, w),
    q.latestNps(db, scope, w),
  ]);
  const fx = await loadFx(db, workspaceId, currency);
  const mrr = convertLevels(levels, fx, w.day);
  const mrr30 = convertLevels(levels30, fx, w.day30Ago);
  const planOf = topPlans(plans, fx, w.day);
  const usageOf = new Map(usage.map((u) => [u.customerId, u]));
  const kept = wanted ? customers.filter((c) => wanted.has(c.customerId)) : customers;

  // Linked customers idle over the whole 60-day window: their last active day lies further back.
  const idle = kept.filter((c) => linked.has(c.customerId) && !usageOf.get(c.customerId)?.lastDay).map((c) => c.customerId);
  const lastActive = await q.lastActiveDays(db, workspaceId, idle, w.day);

  const withPlans = kept.map((c) => ({
    customerId: c.customerId,
    // Today's summary knows a trialing customer's plan, which the plan ledger (MRR) does not.
    planId: planOf.get(c.customerId) ?? (c.summaryDay <= w.day ? c.summaryPlanId : null),
  }));
  const limits = await (options.limits ?? storedLimits)(db, workspaceId, { day: w.day, customers: withPlans });

  return withPlans.map(({ customerId, planId }): CustomerSignals => {
    const first = firstPaid.get(customerId) ?? null;
    const pay = payments.get(customerId);
    const u = usageOf.get(customerId);
    const seen = users.get(customerId);
    const usageSignals: UsageSignals | null = linked.has(customerId) || u
      ? {
          activeDays30d: u?.activeDays ?? 0,
          events30d: u?.events30 ?? 0,
          eventsPrev30d: u?.eventsPrev30 ?? 0,
          events7d: u?.events7 ?? 0,
          eventsPrev7d: u?.eventsPrev7 ?? 0,
          activeUsers30d: seen?.users30 ?? 0,
          activeUsersPrev30d: seen?.prev30 ?? 0,
          featuresUsed30d: u?.features ?? [],
          lastActiveDay: u?.lastDay ?? lastActive.get(customerId) ?? null,
        }
      : null;
    const m = mrr.get(customerId) ?? 0;
    return {
      customerId,
      day: w.day,
      planId,
      mrr: m,
      mrr30DaysAgo: mrr30.get(customerId) ?? 0,
      paying: m > 0,
      tenureDays: first === null ? null : daysBetween(first, w.day),
      trialing: trials.has(customerId),
      trialEndDay: trials.get(customerId) ?? null,
      failedPayments30d: pay?.failed30 ?? 0,
      lastPaymentFailed: pay?.lastFailed ?? false,
      discounted: discounted.has(customerId),
      usage: usageSignals,
      support: supportFeed ? support.get(customerId) ?? { opened30d: 0, open: 0, openUrgent: 0, medianFirstResponseHours: null, satisfactionAvg: null } : null,
      survey: nps.get(customerId) ?? null,
      limits: limits.get(customerId) ?? [],
    };
  });
}

/** The adoption component's key features: the configured list, else the workspace's top ones. */
export async function loadKeyFeatures(db: Kysely<Database>, workspaceId: string, input: { day: Day; asOf: AsOf; configured: readonly string[]; top: number }): Promise<string[]> {
  if (input.configured.length > 0) return [...input.configured];
  return q.topEvents(db, workspaceId, signalsWindow(input.day, input.asOf), input.top);
}
