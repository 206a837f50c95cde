// The churn rules baseline: a transparent points model over the same signals as the logistic
// model, used while the workspace's history holds too few churned customers to learn from
// (MIN_CHURNED_FOR_MODEL). Each rule that holds adds its points; the total maps to a
// probability-like score with a logistic curve (0 points ≈ 0.04, 50 points = 0.5, 100 ≈ 0.96).
// The reasons are the rules that held, most points first. Pure.
import type { CustomerSignals } from './customer-signals.js';
import { relativeChange } from './churn-features.js';

/** A logistic model needs at least this many distinct churned customers (with signals) in the
 *  training set; below it the rules score. With fewer, a dozen-odd coefficients are mostly noise. */
export const MIN_CHURNED_FOR_MODEL = 30;

export type RuleHit = { feature: string; label: string; points: number; value: number };

export type ChurnRule = {
  feature: string;
  /** What the rule checks, for the docs and GET /v1/success/model. */
  description: string;
  points: number;
  /** The hit when the rule holds (its label quotes the customer's numbers), else null. */
  check(s: CustomerSignals): { value: number; label: string } | null;
};

const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;

export const CHURN_RULES: readonly ChurnRule[] = [
  {
    feature: 'last_payment_failed', description: 'the latest payment attempt failed', points: 25,
    check: (s) => (s.lastPaymentFailed ? { value: 1, label: 'last payment failed' } : null),
  },
  {
    feature: 'failed_payments_30d', description: '2 or more failed payments in 30 days', points: 15,
    check: (s) => (s.failedPayments30d >= 2 ? { value: s.failedPayments30d, label: `${s.failedPayments30d} failed payments in 30 days` } : null),
  },
  {
    feature: 'failed_payments_30d', description: '1 failed payment in 30 days', points: 8,
    check: (s) => (s.failedPayments30d === 1 ? { value: 1, label: '1 failed payment in 30 days' } : null),
  },
  {
    feature: 'mrr_trend_30d', description: 'MRR down 20% or more vs 30 days ago', points: 15,
    check: (s) => {
      const t = s.mrr30DaysAgo > 0 ? (s.mrr - s.mrr30DaysAgo) / s.mrr30DaysAgo : 0;
      return t <= -0.2 ? { value: t, label: `MRR down ${pct(t)} vs 30 days ago` } : null;
    },
  },
  {
    feature: 'usage_trend_30d', description: 'usage down 50% or more vs the previous 30 days', points: 20,
    check: (s) => {
      const t = s.usage ? relativeChange(s.usage.events30d, s.usage.eventsPrev30d) : 0;
      return t <= -0.5 ? { value: t, label: `usage down ${pct(t)} vs previous 30 days` } : null;
    },
  },
  {
    feature: 'usage_trend_30d', description: 'usage down 25–50% vs the previous 30 days', points: 10,
    check: (s) => {
      const t = s.usage ? relativeChange(s.usage.events30d, s.usage.eventsPrev30d) : 0;
      return t <= -0.25 && t > -0.5 ? { value: t, label: `usage down ${pct(t)} vs previous 30 days` } : null;
    },
  },
  {
    feature: 'usage_trend_7d', description: 'usage down 50% or more week over week', points: 10,
    check: (s) => {
      const t = s.usage ? relativeChange(s.usage.events7d, s.usage.eventsPrev7d) : 0;
      return t <= -0.5 ? { value: t, label: `usage down ${pct(t)} vs previous 7 days` } : null;
    },
  },
  {
    feature: 'active_days_share_30d', description: 'active on 3 or fewer of the last 30 days', points: 15,
    check: (s) => (s.usage && s.usage.activeDays30d <= 3 ? { value: s.usage.activeDays30d / 30, label: `active on ${s.usage.activeDays30d} of the last 30 days` } : null),
  },
  {
    feature: 'seat_utilisation', description: 'fewer than 30% of the plan’s seats in use', points: 5,
    check: (s) => {
      const seats = s.limits.find((l) => l.metric === '$seats');
      if (!s.usage || !seats) return null;
      const ratio = s.usage.activeUsers30d / seats.limit;
      return ratio < 0.3 ? { value: ratio, label: `${s.usage.activeUsers30d} of ${seats.limit} seats in use` } : null;
    },
  },
  {
    feature: 'urgent_open_tickets', description: 'an urgent or high-priority ticket open', points: 10,
    check: (s) => (s.support && s.support.openUrgent > 0 ? { value: s.support.openUrgent, label: `${s.support.openUrgent} urgent open ticket${s.support.openUrgent === 1 ? '' : 's'}` } : null),
  },
  {
    feature: 'tickets_opened_30d', description: '3 or more tickets opened in 30 days', points: 10,
    check: (s) => (s.support && s.support.opened30d >= 3 ? { value: s.support.opened30d, label: `${s.support.opened30d} tickets opened in 30 days` } : null),
  },
  {
    feature: 'satisfaction', description: 'ticket satisfaction below 3 of 5 (90 days)', points: 10,
    check: (s) => {
      const sat = s.support?.satisfactionAvg ?? null;
      return sat !== null && sat < 3 ? { value: sat, label: `ticket satisfaction ${sat.toFixed(1)} of 5` } : null;
    },
  },
  {
    feature: 'nps', description: 'latest NPS a detractor (0–6)', points: 15,
    check: (s) => (s.survey && s.survey.latestScore <= 6 ? { value: s.survey.latestScore, label: `latest NPS ${s.survey.latestScore} (detractor)` } : null),
  },
  {
    feature: 'nps', description: 'latest NPS a passive (7–8)', points: 5,
    check: (s) => (s.survey && s.survey.latestScore >= 7 && s.survey.latestScore <= 8 ? { value: s.survey.latestScore, label: `latest NPS ${s.survey.latestScore} (passive)` } : null),
  },
  {
    feature: 'tenure_log_days', description: 'paying for fewer than 90 days', points: 10,
    check: (s) => (s.tenureDays !== null && s.tenureDays < 90 ? { value: Math.log1p(s.tenureDays), label: `customer for only ${s.tenureDays} days` } : null),
  },
  {
    feature: 'discounted', description: 'on a discount', points: 5,
    check: (s) => (s.discounted ? { value: 1, label: 'on a discount' } : null),
  },
];

/** Points → probability-like score: a logistic curve centred on 50 points. */
export function rulesProbability(points: number): number {
  return 1 / (1 + Math.exp(-(points - 50) / 15));
}

export type RulesScore = { points: number; probability: number; hits: RuleHit[] };

/** The rules' score of one customer on one day: every rule that holds, most points first. */
export function scoreByRules(s: CustomerSignals): RulesScore {
  const hits: RuleHit[] = [];
  for (const rule of CHURN_RULES) {
    const hit = rule.check(s);
    if (hit) hits.push({ feature: rule.feature, label: hit.label, points: rule.points, value: hit.value });
  }
  hits.sort((a, b) => b.points - a.points);
  const points = hits.reduce((sum, h) => sum + h.points, 0);
  return { points, probability: rulesProbability(points), hits };
}
