// The health score: 0–100 per customer per day from five components — usage, engagement,
// support, payment and feature adoption — each a function of CustomerSignals giving a value 0–100
// and one line with the numbers behind it. Components without data are left out and the weights
// of the others renormalised (the score is then `partial`, naming what is missing): never a
// silent 0. docs/metrics.md §18 states every formula; test/unit/core/health.test.ts checks them.
import type { CustomerSignals } from './customer-signals.js';
import { bandOf, HEALTH_COMPONENTS, type HealthBand, type HealthComponentName, type HealthParameters, type SuccessSettings } from './success-settings.js';

export type ComponentValue = { value: number | null; explanation: string };
export type HealthComponentResult = ComponentValue & { name: HealthComponentName; label: string; weight: number };
export type HealthScore = {
  score: number | null;
  band: HealthBand | null;
  partial: boolean;
  missing: HealthComponentName[];
  components: HealthComponentResult[];
};
export type HealthContext = {
  settings: SuccessSettings;
  /** The adoption component's key features (settings.keyFeatures, else the workspace's top ones). */
  keyFeatures: readonly string[];
};

export const COMPONENT_LABELS: Readonly<Record<HealthComponentName, string>> = {
  usage: 'Usage', engagement: 'Engagement', support: 'Support', payment: 'Payment', adoption: 'Feature adoption',
};

const clamp = (v: number) => Math.min(100, Math.max(0, v));
/** One decimal: what is shown, and what the score is the weighted mean of. */
const tenth = (v: number) => Math.round(clamp(v) * 10) / 10;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const signed = (pct: number) => `${pct < 0 ? '−' : '+'}${Math.round(Math.abs(pct))}%`;
const mix = (main: number, other: number, otherShare: number) => main * (1 - otherShare / 100) + other * (otherShare / 100);
const noUsage: ComponentValue = { value: null, explanation: 'no product usage: no tracked account is linked to this customer' };

/** Events over the last 30 days against the 30 before (0 at a fall of dropForZero%, 100 at a rise
 *  of growthForFull%, linear between), mixed with seat utilisation when the plan limits seats. */
export function usageComponent(s: CustomerSignals, p: HealthParameters['usage']): ComponentValue {
  const u = s.usage;
  if (!u) return noUsage;
  let trend: number;
  let text: string;
  if (u.eventsPrev30d === 0) {
    trend = u.events30d > 0 ? 100 : 0;
    text = u.events30d > 0 ? `${plural(u.events30d, 'event')} in 30 days, none in the previous 30` : 'no events in the last 60 days';
  } else {
    const change = ((u.events30d - u.eventsPrev30d) / u.eventsPrev30d) * 100;
    trend = clamp(((change + p.dropForZero) / (p.dropForZero + p.growthForFull)) * 100);
    text = `events ${signed(change)} vs previous 30 days (${u.events30d} vs ${u.eventsPrev30d})`;
  }
  const seats = s.limits.find((l) => l.metric === '$seats');
  if (!seats || p.seatShare === 0) return { value: tenth(trend), explanation: text };
  const seatScore = Math.min(1, seats.ratio / p.seatTarget) * 100;
  return {
    value: tenth(mix(trend, seatScore, p.seatShare)),
    explanation: `${text}; ${seats.used} of ${seats.limit} seats used (${Math.round(seats.ratio * 100)}%)`,
  };
}

/** Active days out of the target, mixed with the active users kept vs the previous 30 days. */
export function engagementComponent(s: CustomerSignals, p: HealthParameters['engagement']): ComponentValue {
  const u = s.usage;
  if (!u) return noUsage;
  const days = Math.min(1, u.activeDays30d / p.activeDaysTarget);
  const users = u.activeUsersPrev30d === 0 ? (u.activeUsers30d > 0 ? 1 : 0) : Math.min(1, u.activeUsers30d / u.activeUsersPrev30d);
  return {
    value: tenth(mix(days, users, p.usersShare) * 100),
    explanation: `${u.activeDays30d} of 30 days active (target ${p.activeDaysTarget}); ${plural(u.activeUsers30d, 'active user')} (${u.activeUsersPrev30d} in the previous 30 days)`,
  };
}

/** 100 less penalties for open and urgent tickets and slow first responses, moved by satisfaction;
 *  mixed with the latest NPS answer (score × 10). Either part alone when only it has data. */
export function supportComponent(s: CustomerSignals, p: HealthParameters['support']): ComponentValue {
  const t = s.support;
  const nps = s.survey;
  if (!t && !nps) return { value: null, explanation: 'no support data: no tickets in the workspace and no NPS answer' };
  const parts: string[] = [];
  let tickets: number | null = null;
  if (t) {
    const slow = t.medianFirstResponseHours !== null && t.medianFirstResponseHours > p.responseHoursTarget;
    tickets = clamp(100 - t.open * p.openTicketPenalty - t.openUrgent * p.urgentTicketPenalty - (slow ? p.slowResponsePenalty : 0)
      + (t.satisfactionAvg === null ? 0 : (t.satisfactionAvg - 3) * p.satisfactionPoints));
    parts.push(t.open === 0 ? 'no open tickets' : `${plural(t.open, 'open ticket')} (${t.openUrgent} urgent)`);
    if (t.medianFirstResponseHours !== null) parts.push(`median first response ${Math.round(t.medianFirstResponseHours * 10) / 10} h (target ${p.responseHoursTarget} h)`);
    if (t.satisfactionAvg !== null) parts.push(`satisfaction ${Math.round(t.satisfactionAvg * 10) / 10}/5`);
  }
  if (nps) parts.push(`NPS ${nps.latestScore} (${nps.latestDay})`);
  const npsValue = nps ? nps.latestScore * 10 : null;
  const value = tickets !== null && npsValue !== null ? mix(tickets, npsValue, p.npsShare) : tickets ?? npsValue ?? 0;
  return { value: tenth(value), explanation: parts.join('; ') };
}

const MAX_FAILURES = 3;

/** 100 less penalties for failed attempts in 30 days (at most three), a failed latest attempt
 *  and a discount. No data for a customer that never paid and never tried to. */
export function paymentComponent(s: CustomerSignals, p: HealthParameters['payment']): ComponentValue {
  if (!s.paying && s.tenureDays === null && s.failedPayments30d === 0 && !s.lastPaymentFailed) {
    return { value: null, explanation: 'no payment history: the customer has never paid' };
  }
  const value = 100 - Math.min(MAX_FAILURES, s.failedPayments30d) * p.failedPaymentPenalty
    - (s.lastPaymentFailed ? p.lastPaymentFailedPenalty : 0) - (s.discounted ? p.discountPenalty : 0);
  const parts = [s.failedPayments30d === 0 ? 'no failed payments in 30 days' : `${plural(s.failedPayments30d, 'failed payment')} in 30 days`];
  if (s.lastPaymentFailed) parts.push('the latest payment failed');
  if (s.discounted) parts.push('on a discount');
  return { value: tenth(value), explanation: parts.join('; ') };
}

/** The share of the key features used in the last 30 days. */
export function adoptionComponent(s: CustomerSignals, keyFeatures: readonly string[]): ComponentValue {
  if (!s.usage) return noUsage;
  const keys = [...new Set(keyFeatures)];
  if (keys.length === 0) return { value: null, explanation: 'no key features: the workspace tracked no events in the last 30 days' };
  const used = new Set(s.usage.featuresUsed30d);
  const unused = keys.filter((k) => !used.has(k));
  const n = keys.length - unused.length;
  return {
    value: tenth((n / keys.length) * 100),
    explanation: `${n} of ${plural(keys.length, 'key feature')} used in 30 days${unused.length ? ` (not: ${unused.join(', ')})` : ''}`,
  };
}

/** The weighted mean of the components with data (weights renormalised over them), rounded. */
export function weightedScore(parts: readonly { weight: number; value: number | null }[]): number | null {
  let total = 0;
  let weights = 0;
  for (const part of parts) {
    if (part.value === null || part.weight <= 0) continue;
    total += part.weight * part.value;
    weights += part.weight;
  }
  return weights === 0 ? null : Math.round(total / weights);
}

/** A customer's health on its signals' day. */
export function computeHealth(s: CustomerSignals, ctx: HealthContext): HealthScore {
  const { components: p, weights } = ctx.settings;
  const values: Record<HealthComponentName, ComponentValue> = {
    usage: usageComponent(s, p.usage),
    engagement: engagementComponent(s, p.engagement),
    support: supportComponent(s, p.support),
    payment: paymentComponent(s, p.payment),
    adoption: adoptionComponent(s, ctx.keyFeatures),
  };
  const components = HEALTH_COMPONENTS.map((name) => ({ name, label: COMPONENT_LABELS[name], weight: weights[name], ...values[name] }));
  // A component weighted 0 is switched off: it is not missing.
  const missing = components.filter((c) => c.value === null && c.weight > 0).map((c) => c.name);
  const score = weightedScore(components);
  return { score, band: bandOf(score, ctx.settings.bands), partial: missing.length > 0, missing, components };
}
