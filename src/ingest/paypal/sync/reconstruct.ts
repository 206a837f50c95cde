// What can be known of a PayPal subscription's past from today's subscription and its plan (pure):
// it began at `start_time` (in its TRIAL tenure when the plan has one), and left the trial when
// the trial cycles had run. Later moments come from the fetched object itself (its status since
// `status_update_time`) and from the sales the Transaction Search API lists. What the objects do
// not reveal (plan revisions or quantity changes before today, suspensions since lifted) is not
// invented: the reconstructed states carry today's plan and quantity (docs/paypal.md).
import type { PaypalObject } from '../api.js';
import { paypalTime } from './events.js';

export type Moment = { at: number; resource: PaypalObject; tag: 'start' | 'trial_end' };

type Cycle = { tenure_type?: unknown; sequence?: unknown; total_cycles?: unknown; frequency?: { interval_unit?: unknown; interval_count?: unknown } };

const UNITS = new Set(['DAY', 'WEEK', 'MONTH', 'YEAR']);

/** `at` moved forward by `count` × `unit`: calendar months and years in UTC, a day past a month's end (31 January + 1 month) kept at its last day. */
export function addInterval(at: number, unit: string, count: number): number {
  const d = new Date(at * 1000);
  if (unit === 'DAY' || unit === 'WEEK') {
    d.setUTCDate(d.getUTCDate() + (unit === 'WEEK' ? 7 : 1) * count);
    return Math.floor(d.getTime() / 1000);
  }
  const months = d.getUTCMonth() + (unit === 'MONTH' ? count : 12 * count);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), months + 1, 0)).getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(months);
  d.setUTCDate(Math.min(new Date(at * 1000).getUTCDate(), lastDay));
  return Math.floor(d.getTime() / 1000);
}

function cyclesOf(plan: PaypalObject | null): Cycle[] {
  const cycles = Array.isArray(plan?.billing_cycles) ? (plan.billing_cycles as Cycle[]) : [];
  return [...cycles].sort((a, b) => Number(a.sequence ?? 0) - Number(b.sequence ?? 0));
}

/** When the plan's TRIAL tenures end for a subscription that started at `start`; null without a (readable) trial. */
export function trialEnd(plan: PaypalObject | null, start: number): number | null {
  const trials = cyclesOf(plan).filter((c) => c.tenure_type === 'TRIAL');
  if (trials.length === 0) return null;
  let at = start;
  for (const c of trials) {
    const unit = String(c.frequency?.interval_unit ?? '');
    const count = Number(c.frequency?.interval_count ?? 1);
    const total = Number(c.total_cycles ?? 1);
    if (!UNITS.has(unit) || !Number.isInteger(count) || count < 1 || !Number.isInteger(total) || total < 1) return null;
    at = addInterval(at, unit, count * total);
  }
  return at;
}

function regularEnd(plan: PaypalObject | null, from: number): number | null {
  const regular = cyclesOf(plan).find((c) => c.tenure_type === 'REGULAR');
  const unit = String(regular?.frequency?.interval_unit ?? '');
  const count = Number(regular?.frequency?.interval_count ?? 1);
  return UNITS.has(unit) && Number.isInteger(count) && count >= 1 ? addInterval(from, unit, count) : null;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The subscription as it was at `at`: ACTIVE, with `trialDone` trial cycles run and no payment history yet. */
function stateAt(subscription: PaypalObject, plan: PaypalObject | null, at: number, inTrial: boolean, nextBilling: number | null): PaypalObject {
  const billing = (typeof subscription.billing_info === 'object' && subscription.billing_info !== null ? subscription.billing_info : {}) as Record<string, unknown>;
  const executions = Array.isArray(billing.cycle_executions) ? (billing.cycle_executions as Array<Record<string, unknown>>) : [];
  const { last_payment: _payment, last_failed_payment: _failed, next_billing_time: _next, ...rest } = billing;
  const { status_change_note: _note, plan: _plan, ...base } = subscription;
  return {
    ...base,
    status: 'ACTIVE',
    status_update_time: iso(at),
    update_time: iso(at),
    billing_info: {
      ...rest,
      failed_payments_count: 0,
      cycle_executions: executions.map((e) => {
        const total = Number(e.total_cycles ?? 0);
        const done = e.tenure_type === 'TRIAL' && !inTrial ? total : 0;
        return { ...e, cycles_completed: done, cycles_remaining: Math.max(0, total - done) };
      }),
      ...(nextBilling !== null ? { next_billing_time: iso(nextBilling) } : {}),
    },
    ...(plan ? { plan } : {}),
  };
}

/**
 * The states of a subscription before `until` (the moment its fetched state is stored at): its
 * start, and its trial's end when the plan has a trial. Nothing for a subscription that never
 * started (APPROVAL_PENDING, APPROVED) or whose start is unreadable.
 */
export function reconstructSubscription(subscription: PaypalObject, plan: PaypalObject | null, until: number): Moment[] {
  if (subscription.status === 'APPROVAL_PENDING' || subscription.status === 'APPROVED') return [];
  const start = paypalTime(subscription.start_time);
  if (start === null || start >= until) return [];
  const trialOver = trialEnd(plan, start);
  const moments: Moment[] = [
    { at: start, tag: 'start', resource: stateAt(subscription, plan, start, trialOver !== null, trialOver ?? regularEnd(plan, start)) },
  ];
  if (trialOver !== null && trialOver < until) {
    moments.push({ at: trialOver, tag: 'trial_end', resource: stateAt(subscription, plan, trialOver, false, regularEnd(plan, trialOver)) });
  }
  return moments;
}
