// The Customer success screen's pure shaping: band words and shares, the histogram's labels, the
// health trend and NPS rows for the charts, expansion evidence in words, onboarding progress,
// usage per plan over a range, and the feature-adoption matrix. No React, no fetching.
import type { HealthBand } from '@read/customers/contract.js';
import type { ExpansionEvidence } from '@read/expansion/contract.js';
import type { NpsFigure, NpsResponse } from '@read/nps/contract.js';
import type { OnboardingCustomer } from '@read/onboarding/contract.js';
import type { SuccessOverviewResponse, TrendPoint } from '@read/success-overview/contract.js';
import type { FeatureAdoption, UsageResponse } from '@read/usage/contract.js';
import { daysBetween, type Day } from '../../lib/calendar.js';
import { formatCount } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';

export const BAND_LABELS: Readonly<Record<HealthBand, string>> = { high_risk: 'High risk', medium: 'Medium', healthy: 'Healthy' };

/** Chart colours of the bands (each with 3:1 contrast on the surface, for the bars). */
export const BAND_COLORS: Readonly<Record<HealthBand | 'unscored', string>> = { high_risk: '#dc2626', medium: '#d97706', healthy: '#059669', unscored: '#94a3b8' };

export type BandRow = { band: HealthBand | 'unscored'; label: string; customers: number; mrr: number; customerShare: number; mrrShare: number };

/** The bands worst first, then the paying customers without a score, with their shares of both. */
export function bandRows(d: SuccessOverviewResponse['distribution']): BandRow[] {
  const rows = [
    ...(['high_risk', 'medium', 'healthy'] as const).map((band) => {
      const b = d.bands.find((x) => x.band === band);
      return { band, label: BAND_LABELS[band], customers: b?.customers ?? 0, mrr: b?.mrr ?? 0 };
    }),
    ...(d.unscored.customers > 0 ? [{ band: 'unscored' as const, label: 'Not scored yet', customers: d.unscored.customers, mrr: d.unscored.mrr }] : []),
  ];
  const customers = rows.reduce((s, r) => s + r.customers, 0);
  const mrr = rows.reduce((s, r) => s + r.mrr, 0);
  return rows.map((r) => ({ ...r, customerShare: customers === 0 ? 0 : r.customers / customers, mrrShare: mrr === 0 ? 0 : r.mrr / mrr }));
}

export type HistogramRow = { label: string; from: number; to: number; customers: number; band: HealthBand };

/** "0–9" … "90–100", coloured by the band of the bucket's middle score. */
export function histogramRows(buckets: SuccessOverviewResponse['distribution']['histogram'], bands: { highRiskBelow: number; healthyAbove: number } = { highRiskBelow: 40, healthyAbove: 70 }): HistogramRow[] {
  return [...buckets]
    .sort((a, b) => a.from - b.from)
    .map((b) => {
      const mid = (b.from + b.to) / 2;
      const band: HealthBand = mid < bands.highRiskBelow ? 'high_risk' : mid > bands.healthyAbove ? 'healthy' : 'medium';
      return { label: `${b.from}–${b.to}`, from: b.from, to: b.to, customers: b.customers, band };
    });
}

export type HealthTrendRow = { t: number; day: string; average: number | null; high_risk: number; medium: number; healthy: number };

const time = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function healthTrendRows(trend: readonly TrendPoint[]): HealthTrendRow[] {
  return [...trend]
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
    .map((p) => ({ t: time(p.day), day: p.day, average: p.averageScore === null ? null : Math.round(p.averageScore * 10) / 10, high_risk: p.high_risk, medium: p.medium, healthy: p.healthy }));
}

/** The evidence of an expansion opportunity, in words. */
export function expansionText(e: ExpansionEvidence, locale?: string): string {
  switch (e.kind) {
    case 'limit_near':
      return `${e.metric === '$seats' ? 'Seats' : e.metric} at ${formatPercent(e.ratio, { locale, digits: 0 })} of the limit (${formatCount(e.used, locale)} of ${formatCount(e.limit, locale)})`;
    case 'multi_user_single_seat':
      return `${formatCount(e.activeUsers, locale)} active users on a ${formatCount(e.seats, locale)}-seat plan`;
    case 'power_user_entry_plan':
      return `${formatCount(e.powerUsers, locale)} power ${e.powerUsers === 1 ? 'user' : 'users'} on the entry plan (top user ${formatCount(e.topUserEvents, locale)} events in 30 days)`;
  }
}

export const EXPANSION_LABELS = { limit_near: 'Near a limit', multi_user_single_seat: 'More users than seats', power_user_entry_plan: 'Power users on entry plan' } as const;

/** A new customer's share of the checklist done (0 with no milestone to reach). */
export function onboardingProgress(c: Pick<OnboardingCustomer, 'completed' | 'milestones'>): number {
  return c.milestones.length === 0 ? 0 : c.completed / c.milestones.length;
}

/** The usage granularity that keeps a chart readable: days up to a quarter, weeks up to a year. */
export function usageGranularity(from: Day, to: Day): 'day' | 'week' | 'month' {
  const days = daysBetween(from, to) + 1;
  return days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

export type PlanUsageRow = { key: string; planName: string; averageDailyActiveUsers: number; totalUsage: number; averageUsagePerUser: number | null; periods: number };

/** Per plan over the whole range: daily active users averaged over the range's days, the usage
 *  summed, and usage per active user per period averaged over the periods it was active in
 *  (distinct users cannot be added up across periods, so the range's per-user figure is the
 *  mean of the periods'). Busiest plan first. */
export function usageByPlan(usage: UsageResponse): PlanUsageRow[] {
  const rows = new Map<string, { planName: string; dauDays: number; totalUsage: number; perUser: number[]; }>();
  let days = 0;
  for (const p of usage.periods) {
    const length = daysBetween(p.start, p.end) + 1;
    days += length;
    for (const plan of p.plans) {
      const key = plan.planId ?? '';
      const row = rows.get(key) ?? { planName: plan.planName ?? (plan.planId ?? 'No plan'), dauDays: 0, totalUsage: 0, perUser: [] };
      row.dauDays += plan.averageDailyActiveUsers * length;
      row.totalUsage += plan.totalUsage;
      if (plan.averageUsagePerUser !== null) row.perUser.push(plan.averageUsagePerUser);
      rows.set(key, row);
    }
  }
  return [...rows]
    .map(([key, r]) => ({
      key,
      planName: r.planName,
      averageDailyActiveUsers: days === 0 ? 0 : r.dauDays / days,
      totalUsage: r.totalUsage,
      averageUsagePerUser: r.perUser.length === 0 ? null : r.perUser.reduce((s, v) => s + v, 0) / r.perUser.length,
      periods: r.perUser.length,
    }))
    .sort((a, b) => b.totalUsage - a.totalUsage || a.planName.localeCompare(b.planName));
}

export type DauRow = { t: number; period: string; dau: number; activeUsers: number };

export function dauRows(usage: UsageResponse): DauRow[] {
  return usage.periods.map((p) => ({ t: time(p.start), period: p.period, dau: Math.round(p.averageDailyActiveUsers * 10) / 10, activeUsers: p.activeUsers }));
}

export type AdoptionMatrix = { features: string[]; plans: { key: string; planName: string; activeAccounts: number; shares: (number | null)[] }[] };

/** Plans × features (the `limit` most adopted overall, by accounts): each cell the share of the
 *  plan's active accounts that used the feature, null when the plan had none active. */
export function adoptionMatrix(adoption: readonly FeatureAdoption[], limit = 8): AdoptionMatrix {
  const accounts = new Map<string, number>();
  for (const plan of adoption) for (const f of plan.features) accounts.set(f.event, (accounts.get(f.event) ?? 0) + f.accounts);
  const features = [...accounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([event]) => event);
  return {
    features,
    plans: adoption
      .filter((p) => p.activeAccounts > 0)
      .map((p) => ({
        key: p.planId ?? '',
        planName: p.planName ?? p.planId ?? 'No plan',
        activeAccounts: p.activeAccounts,
        shares: features.map((event) => p.features.find((f) => f.event === event)?.share ?? 0),
      }))
      .sort((a, b) => b.activeAccounts - a.activeAccounts),
  };
}

export type NpsTrendRow = { t: number; period: string; nps: number | null; responses: number };

export function npsTrendRows(nps: NpsResponse): NpsTrendRow[] {
  return nps.periods.map((p) => ({ t: time(p.start), period: p.period, nps: p.nps === null ? null : Math.round(p.nps), responses: p.responses }));
}

/** The NPS change against the previous range (points), null when either side has no response. */
export function npsChange(current: NpsFigure, previous: NpsFigure): number | null {
  if (current.nps === null || previous.nps === null) return null;
  return Math.round(current.nps) - Math.round(previous.nps);
}

/** Our users' spec: an NPS above 70 is the target. */
export const NPS_TARGET = 70;
