// Churn features: one customer's signals on one day as a named numeric vector for the churn model,
// each value with a sentence a person can read ("usage down 42% vs previous 30 days") so a score's
// reasons quote the customer's own numbers. A missing signal group (no product usage, no support
// feed, no NPS answer) gives neutral values plus a `*_missing` indicator: never NaN. Pure.
import type { CustomerSignals } from './customer-signals.js';

export type Feature = { name: string; value: number; label: string };

/** The plans a model one-hot encodes (the workspace's most common ones); others are plan:other. */
export type FeatureContext = { plans: readonly string[] };

export const MAX_PLAN_FEATURES = 8;
export const MRR_FEATURES = ['mrr_trend_30d', 'log_mrr'] as const;

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Relative change of `now` against `before`, clipped to [-1, 2]; 0 when both are 0, 2 (grew from
 *  nothing) when only `before` is 0. */
export function relativeChange(now: number, before: number): number {
  if (before <= 0) return now > 0 ? 2 : 0;
  return clip((now - before) / before, -1, 2);
}

function trendLabel(what: string, change: number, span: string): string {
  if (change === 0) return `${what} flat vs ${span}`;
  return `${what} ${change < 0 ? 'down' : 'up'} ${pct(change)} vs ${span}`;
}

function revenueFeatures(s: CustomerSignals): Feature[] {
  const mrrTrend = s.mrr30DaysAgo > 0 ? clip((s.mrr - s.mrr30DaysAgo) / s.mrr30DaysAgo, -1, 2) : 0;
  const failed = Math.min(s.failedPayments30d, 10);
  const tenure = s.tenureDays ?? 0;
  return [
    { name: 'mrr_trend_30d', value: mrrTrend, label: s.mrr30DaysAgo > 0 ? trendLabel('MRR', mrrTrend, '30 days ago') : 'no MRR 30 days ago' },
    { name: 'log_mrr', value: Math.log1p(Math.max(s.mrr, 0) / 100), label: 'MRR level' },
    { name: 'failed_payments_30d', value: failed, label: `${plural(s.failedPayments30d, 'failed payment')} in 30 days` },
    { name: 'last_payment_failed', value: s.lastPaymentFailed ? 1 : 0, label: s.lastPaymentFailed ? 'last payment failed' : 'last payment went through' },
    { name: 'tenure_log_days', value: Math.log1p(tenure), label: `customer for ${plural(tenure, 'day')}` },
    { name: 'discounted', value: s.discounted ? 1 : 0, label: s.discounted ? 'on a discount' : 'no discount' },
  ];
}

/** Neutral values when the customer has no product usage: a steady, half-active account. */
const USAGE_NEUTRAL = { trend: 0, activeShare: 0.5, seats: 1 };

function usageFeatures(s: CustomerSignals): Feature[] {
  const u = s.usage;
  if (!u) {
    return [
      { name: 'usage_trend_30d', value: USAGE_NEUTRAL.trend, label: 'no product usage data' },
      { name: 'usage_trend_7d', value: USAGE_NEUTRAL.trend, label: 'no product usage data' },
      { name: 'active_days_share_30d', value: USAGE_NEUTRAL.activeShare, label: 'no product usage data' },
      { name: 'seat_utilisation', value: USAGE_NEUTRAL.seats, label: 'no product usage data' },
      { name: 'usage_missing', value: 1, label: 'no product usage data' },
    ];
  }
  const t30 = relativeChange(u.events30d, u.eventsPrev30d);
  const t7 = relativeChange(u.events7d, u.eventsPrev7d);
  const seats = s.limits.find((l) => l.metric === '$seats');
  const seatUse = seats
    ? { value: clip(u.activeUsers30d / seats.limit, 0, 2), label: `${u.activeUsers30d} of ${plural(seats.limit, 'seat')} in use` }
    : {
        value: u.activeUsersPrev30d > 0 ? clip(u.activeUsers30d / u.activeUsersPrev30d, 0, 2) : u.activeUsers30d > 0 ? 2 : USAGE_NEUTRAL.seats,
        label: `${plural(u.activeUsers30d, 'active user')} vs ${u.activeUsersPrev30d} the previous 30 days`,
      };
  return [
    { name: 'usage_trend_30d', value: t30, label: trendLabel('usage', t30, 'previous 30 days') },
    { name: 'usage_trend_7d', value: t7, label: trendLabel('usage', t7, 'previous 7 days') },
    { name: 'active_days_share_30d', value: clip(u.activeDays30d / 30, 0, 1), label: `active on ${u.activeDays30d} of the last 30 days` },
    { name: 'seat_utilisation', ...seatUse },
    { name: 'usage_missing', value: 0, label: 'product usage data present' },
  ];
}

const SUPPORT_NEUTRAL_SATISFACTION = 4;

function supportFeatures(s: CustomerSignals): Feature[] {
  const t = s.support;
  if (!t) {
    return [
      { name: 'open_tickets', value: 0, label: 'no support data' },
      { name: 'urgent_open_tickets', value: 0, label: 'no support data' },
      { name: 'tickets_opened_30d', value: 0, label: 'no support data' },
      { name: 'satisfaction', value: SUPPORT_NEUTRAL_SATISFACTION, label: 'no support data' },
      { name: 'support_missing', value: 1, label: 'no support data' },
    ];
  }
  const sat = t.satisfactionAvg;
  return [
    { name: 'open_tickets', value: Math.min(t.open, 20), label: `${plural(t.open, 'open ticket')}` },
    { name: 'urgent_open_tickets', value: Math.min(t.openUrgent, 10), label: `${plural(t.openUrgent, 'urgent open ticket')}` },
    { name: 'tickets_opened_30d', value: Math.min(t.opened30d, 20), label: `${plural(t.opened30d, 'ticket')} opened in 30 days` },
    {
      name: 'satisfaction',
      value: sat ?? SUPPORT_NEUTRAL_SATISFACTION,
      label: sat === null ? 'no rated tickets in 90 days' : `ticket satisfaction ${sat.toFixed(1)} of 5`,
    },
    { name: 'support_missing', value: 0, label: 'support data present' },
  ];
}

/** A passive's score: an unanswered survey says neither good nor bad. */
const NPS_NEUTRAL = 7;

function surveyFeatures(s: CustomerSignals): Feature[] {
  if (!s.survey) {
    return [
      { name: 'nps', value: NPS_NEUTRAL, label: 'no NPS answer' },
      { name: 'nps_missing', value: 1, label: 'no NPS answer' },
    ];
  }
  const score = s.survey.latestScore;
  const kind = score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
  return [
    { name: 'nps', value: score, label: `latest NPS ${score} (${kind}, ${s.survey.latestDay})` },
    { name: 'nps_missing', value: 0, label: 'NPS answered' },
  ];
}

export function planFeatureName(planId: string | null, context: FeatureContext): string {
  return planId !== null && context.plans.includes(planId) ? `plan:${planId}` : 'plan:other';
}

function planFeatures(s: CustomerSignals, context: FeatureContext): Feature[] {
  const own = planFeatureName(s.planId, context);
  return [...context.plans.map((p) => `plan:${p}`), 'plan:other'].map((name) => ({
    name,
    value: name === own ? 1 : 0,
    label: s.planId === null ? 'no plan' : `on plan ${s.planId}`,
  }));
}

/** The feature vector of one customer on one day, in a fixed order for a given context. */
export function churnFeatures(s: CustomerSignals, context: FeatureContext): Feature[] {
  return [...revenueFeatures(s), ...usageFeatures(s), ...supportFeatures(s), ...surveyFeatures(s), ...planFeatures(s, context)];
}

/** The plans to one-hot encode: the most common among the rows (ties by id), at most
 *  MAX_PLAN_FEATURES, so a model's feature list is the same whatever order the rows came in. */
export function featureContextOf(planIds: Iterable<string | null>): FeatureContext {
  const counts = new Map<string, number>();
  for (const p of planIds) if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
  const plans = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_PLAN_FEATURES)
    .map(([p]) => p)
    .sort();
  return { plans };
}
