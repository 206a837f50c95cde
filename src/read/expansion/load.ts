// Expansion opportunities on the as-of day, from the book of paying customers (src/read/
// success-overview/book.ts), the plan limits and the product usage:
// - limit_near: a limit's usage above 80% (period 'day': the as-of day; 'month': the month to
//   date; 'rolling_30_days' and '$seats': the 30 days ending on it);
// - multi_user_single_seat: more than one active user in 30 days on a plan whose $seats limit is 1;
// - power_user_entry_plan: on the entry plan (lowest average MRR per customer) with a user in the
//   workspace's top 10% by events in 30 days.
// The suggested plan is the next one up by average MRR (for a limit: the first with room for it).
import type { Kysely } from 'kysely';
import { addDays, firstDayOfMonth, monthOf } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import { loadBook, type BookEntry } from '../success-overview/book.js';
import type { ExpansionOpportunity, ExpansionResponse } from './contract.js';
import { planLimitRows, usageByCustomerDay, userEvents, type LimitRow } from './query.js';

export const LIMIT_NEAR_RATIO = 0.8;
export const POWER_USER_SHARE = 0.1;
const SEATS = '$seats';

/** Plans ordered by their paying customers' average MRR, cheapest first (ties by id). */
export function planLadder(book: Iterable<BookEntry>): { planId: string; planName: string; average: number }[] {
  const sums = new Map<string, { name: string; total: number; n: number }>();
  for (const c of book) {
    if (!c.planId) continue;
    const s = sums.get(c.planId) ?? { name: c.planName ?? c.planId, total: 0, n: 0 };
    s.total += c.mrr;
    s.n += 1;
    sums.set(c.planId, s);
  }
  return [...sums].map(([planId, s]) => ({ planId, planName: s.name, average: s.total / s.n })).sort((a, b) => a.average - b.average || (a.planId < b.planId ? -1 : 1));
}

/** The events count from which a user is in the top `share` of users: the k-th largest value,
 *  k = ceil(share × users), at least 1 (ties with it are in the top too). */
export function topShareThreshold(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[sorted.length - k]!;
}

export async function loadExpansion(db: Kysely<Database>, workspaceId: string, asOf: AsOf, fx: FxTable | Promise<FxTable>): Promise<ExpansionResponse> {
  const day = asOf.day;
  const from30 = addDays(day, -29);
  const monthStart = firstDayOfMonth(monthOf(day));
  const [book, limits, usage, users, table] = await Promise.all([
    loadBook(db, workspaceId, day, fx),
    planLimitRows(db, workspaceId),
    usageByCustomerDay(db, workspaceId, monthStart < from30 ? monthStart : from30, day),
    userEvents(db, workspaceId, from30, day),
    fx,
  ]);
  const ladder = planLadder(book.values());
  const rank = new Map(ladder.map((p, i) => [p.planId, i]));
  const limitsOf = new Map<string, LimitRow[]>();
  for (const l of limits) limitsOf.set(l.planId, [...(limitsOf.get(l.planId) ?? []), l]);

  const usedIn = (customerId: string, event: string, period: LimitRow['period']) => {
    const start = period === 'day' ? day : period === 'month' ? monthStart : from30;
    return usage.filter((u) => u.customerId === customerId && u.event === event && u.day >= start).reduce((s, u) => s + u.quantity, 0);
  };
  const activeUsers = new Map<string, Set<string>>();
  for (const u of users) if (u.customerId) activeUsers.set(u.customerId, (activeUsers.get(u.customerId) ?? new Set()).add(u.userId));
  const threshold = topShareThreshold(users.map((u) => u.events), POWER_USER_SHARE);

  const nextPlan = (current: string | null, fits: (planId: string) => boolean = () => true) => {
    const start = current === null ? -1 : (rank.get(current) ?? -1);
    const next = ladder.slice(start + 1).find((p) => fits(p.planId));
    return next ? { planId: next.planId, planName: next.planName } : null;
  };

  const data: ExpansionOpportunity[] = [];
  for (const c of book.values()) {
    const base = { customerId: c.customerId, name: c.name, planId: c.planId, planName: c.planName, mrr: c.mrr };
    const seats = activeUsers.get(c.customerId)?.size ?? 0;
    for (const l of c.planId ? (limitsOf.get(c.planId) ?? []) : []) {
      if (l.metric === SEATS && l.limit === 1) {
        if (seats > 1) data.push({ ...base, kind: 'multi_user_single_seat', evidence: { kind: 'multi_user_single_seat', activeUsers: seats, seats: 1 }, suggestedPlan: nextPlan(c.planId, (p) => (limitsOf.get(p) ?? []).every((o) => o.metric !== SEATS || o.limit >= seats)) });
        continue;
      }
      const used = l.metric === SEATS ? seats : usedIn(c.customerId, l.metric, l.period);
      const ratio = used / l.limit;
      if (ratio <= LIMIT_NEAR_RATIO) continue;
      data.push({
        ...base, kind: 'limit_near', evidence: { kind: 'limit_near', metric: l.metric, used, limit: l.limit, ratio },
        suggestedPlan: nextPlan(c.planId, (p) => (limitsOf.get(p) ?? []).every((o) => o.metric !== l.metric || o.limit > used)),
      });
    }
    if (threshold !== null && threshold > 0 && c.planId !== null && ladder.length > 1 && rank.get(c.planId) === 0) {
      const own = users.filter((u) => u.customerId === c.customerId);
      const power = own.filter((u) => u.events >= threshold);
      if (power.length > 0) {
        data.push({
          ...base, kind: 'power_user_entry_plan',
          evidence: { kind: 'power_user_entry_plan', powerUsers: power.length, topUserEvents: Math.max(...power.map((u) => u.events)), threshold },
          suggestedPlan: nextPlan(c.planId),
        });
      }
    }
  }
  data.sort((a, b) => b.mrr - a.mrr || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.kind < b.kind ? -1 : 1));
  const notes: string[] = [];
  if (limits.length === 0) notes.push('No plan limits set (Settings → Plan limits): usage against limits cannot be checked.');
  if (users.length === 0) notes.push('No product usage received in the last 30 days: seat and power-user opportunities need tracked events.');
  const count = (kind: ExpansionOpportunity['kind']) => data.filter((d) => d.kind === kind).length;
  return {
    asOf: asOf.at.toISOString(), day, currency: table.reportingCurrency,
    customers: new Set(data.map((d) => d.customerId)).size,
    counts: { limit_near: count('limit_near'), multi_user_single_seat: count('multi_user_single_seat'), power_user_entry_plan: count('power_user_entry_plan') },
    data, notes,
  };
}
