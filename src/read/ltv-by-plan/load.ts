// LTV by plan as of an instant: per plan, ARPA = the plan's MRR / its paying customers on the
// as-of day (reporting currency), the monthly customer churn rate over the 6 months ending on it
// = churns / paying customer-months (a customer on the plan the whole window is 6), and LTV =
// ARPA / churn rate — null with a note when the plan had no churn or has no paying customer.
// The segments' LTV uses the same churn rate over their customers' paying spells.
import type { Kysely } from 'kysely';
import { addDays, daysBetween, shiftDayByMonths } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import { loadBook } from '../success-overview/book.js';
import { planNames } from '../success-overview/query.js';
import type { LtvByPlanResponse, PlanLtv } from './contract.js';
import { planLedgerUntil, spellsOverlapping } from './query.js';

export const LTV_WINDOW_MONTHS = 6;

export type Window = { from: Day; to: Day; months: number };

/** The 6 months ending on `day`: (day − 6 months, day]. */
export function churnWindow(day: Day, months = LTV_WINDOW_MONTHS): Window {
  return { from: addDays(shiftDayByMonths(day, -months), 1), to: day, months };
}

/** A stretch of paying: from its first day to the day it ended (null: still paying at `to`);
 *  `churn: false` when it ended without the customer churning (a move to another plan). */
export type Stretch = { start: Day; end: Day | null; churn?: boolean };

/** Monthly churn rate over stretches: the stretches that ended in the window / the customer-months
 *  paid in it (days paid × months / the window's days). Null when nothing was paid in it. */
export function monthlyChurnRate(stretches: readonly Stretch[], w: Window): { churned: number; customerMonths: number; rate: number | null } {
  const windowDays = daysBetween(w.from, w.to) + 1;
  let churned = 0;
  let days = 0;
  for (const s of stretches) {
    const start = s.start > w.from ? s.start : w.from;
    // A stretch ending on `end` paid through the day before (the churn day has MRR 0).
    const last = s.end === null ? w.to : addDays(s.end, -1) < w.to ? addDays(s.end, -1) : w.to;
    if (last >= start) days += daysBetween(start, last) + 1;
    if (s.end !== null && s.churn !== false && s.end >= w.from && s.end <= w.to) churned += 1;
  }
  const customerMonths = (days * w.months) / windowDays;
  return { churned, customerMonths, rate: customerMonths === 0 ? null : churned / customerMonths };
}

/** LTV from ARPA and a monthly churn rate, with the reason when there is none. */
export function ltvOf(arpa: number | null, rate: number | null, churned: number): { ltv: number | null; note?: string } {
  if (arpa === null) return { ltv: null, note: 'no paying customers now' };
  if (rate === null) return { ltv: null, note: 'no paying customer-months in the last 6 months' };
  if (churned === 0) return { ltv: null, note: 'no churn in the last 6 months: LTV is unbounded' };
  return { ltv: Math.round(arpa / rate) };
}

/** Per plan, the stretches it carried a customer's MRR (any currency above 0); a stretch's end is
 *  a churn only when the customer's paying spell ended that day (`churnDays`: customer|day). */
export function planStretches(rows: readonly { customerId: string; planId: string; currency: string; day: Day; mrr: number }[], churnDays: ReadonlySet<string>): Map<string, Stretch[]> {
  const byPlan = new Map<string, Stretch[]>();
  const groups = new Map<string, typeof rows[number][]>();
  for (const r of rows) {
    const key = `${r.customerId}\u0000${r.planId}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, list] of groups) {
    const planId = key.split('\u0000')[1]!;
    const mrr = new Map<string, number>();
    let open: Day | null = null;
    const days = [...new Set(list.map((r) => r.day))].sort();
    for (const day of days) {
      for (const r of list.filter((x) => x.day === day)) mrr.set(r.currency, r.mrr);
      const paying = [...mrr.values()].some((v) => v > 0);
      if (paying && open === null) open = day;
      if (!paying && open !== null) {
        byPlan.set(planId, [...(byPlan.get(planId) ?? []), { start: open, end: day, churn: churnDays.has(`${list[0]!.customerId}|${day}`) }]);
        open = null;
      }
    }
    if (open !== null) byPlan.set(planId, [...(byPlan.get(planId) ?? []), { start: open, end: null }]);
  }
  return byPlan;
}

export async function loadLtvByPlan(db: Kysely<Database>, workspaceId: string, asOf: AsOf, fx: FxTable | Promise<FxTable>): Promise<LtvByPlanResponse> {
  const w = churnWindow(asOf.day);
  const [book, rows, names, table, spells] = await Promise.all([
    loadBook(db, workspaceId, asOf.day, fx), planLedgerUntil(db, workspaceId, asOf.day), planNames(db, workspaceId), fx, spellsOverlapping(db, workspaceId, w.from, w.to),
  ]);
  const stretches = planStretches(rows, new Set(spells.flatMap((s) => (s.end ? [`${s.customerId}|${s.end}`] : []))));
  const planIds = [...new Set([...stretches.keys(), ...[...book.values()].flatMap((c) => (c.planId ? [c.planId] : []))])].sort();
  const plans: PlanLtv[] = planIds.map((planId) => {
    const members = [...book.values()].filter((c) => c.planId === planId);
    const mrr = members.reduce((s, c) => s + c.mrr, 0);
    const arpa = members.length === 0 ? null : Math.round(mrr / members.length);
    const churn = monthlyChurnRate(stretches.get(planId) ?? [], w);
    const { ltv, note } = ltvOf(arpa, churn.rate, churn.churned);
    return { planId, planName: names.get(planId) ?? planId, customers: members.length, mrr, arpa, churned: churn.churned, customerMonths: churn.customerMonths, churnRate: churn.rate, ltv, ...(note ? { note } : {}) };
  }).filter((p) => p.customers > 0 || p.churned > 0);
  return { asOf: asOf.at.toISOString(), day: asOf.day, currency: table.reportingCurrency, window: w, plans };
}
