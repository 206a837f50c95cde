// What the operations screen shows, from the summary: the real-time tiles and the target (always
// now), and the trend cards, which follow the selected range: each card's figure is the 30 days to
// the range's last day (the live summary when it ends today), and its trend compares it with the
// 30 days before — the same span, one window earlier — so a headline and its delta never mix
// "now" with the range. Pure.
import { addDays } from '../../app/date-range.js';
import type { ExplainTarget } from '../../components/explain/explain-target.js';
import { formatDay, type Day } from '../../lib/calendar.js';
import { formatCount, formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import type { Summary } from '../metrics/summary.js';

/** `figure`: the figure's name across screens (data-figure). */
export type Tile = { key: string; testId: string; label: string; value: string | undefined; raw: number | undefined; explain?: ExplainTarget; href?: string; caption?: string; figure?: string };

export function realtimeTiles(summary: Summary | undefined, customersHref: (query: string) => string, locale?: string): Tile[] {
  const s = summary;
  const day = s?.today.day;
  const money = (v: number | undefined) => (v === undefined || !s ? undefined : formatMoney(v, s.currency, locale));
  const count = (v: number | undefined) => (v === undefined ? undefined : formatCount(v, locale));
  return [
    { key: 'mrr', testId: 'rt-mrr', label: 'Current MRR', value: money(s?.mrr), raw: s?.mrr, figure: 'mrr', explain: day ? { metric: 'mrr', date: day, title: 'MRR now' } : undefined },
    { key: 'revenue', testId: 'rt-revenue', label: "Today's revenue", value: money(s?.today.revenueCollected), raw: s?.today.revenueCollected, caption: 'Payments collected today (UTC)', explain: day ? { metric: 'revenue_collected', from: day, to: day, title: "Today's revenue" } : undefined },
    { key: 'signups', testId: 'rt-signups', label: "Today's signups", value: count(s?.today.signups), raw: s?.today.signups, href: day ? customersHref(`signupFrom=${day}&signupTo=${day}`) : undefined, caption: 'Trials and paid' },
    { key: 'churn', testId: 'rt-churn', label: "Today's churn", value: count(s?.today.churnedCustomers), raw: s?.today.churnedCustomers, explain: day ? { metric: 'churned_customers', from: day, to: day, title: 'Customers who churned today' } : undefined },
    { key: 'trials', testId: 'rt-trials', label: 'Active trials', value: count(s?.activeTrials), raw: s?.activeTrials, figure: 'active-trials', href: customersHref('status=trialing') },
  ];
}

/** The days the trend cards cover: the 30 days to `end`, compared with the 30 days before. */
export const TREND_WINDOW_DAYS = 30;

/** The instant a summary is read at for the trend cards ending on `day`: that day's last moment. */
export function endOfDayInstant(day: Day): string {
  return `${day}T23:59:59.999Z`;
}

/** The last day of the window the trend cards compare with. */
export function previousWindowEnd(day: Day): Day {
  return addDays(day, -TREND_WINDOW_DAYS);
}

/** "Trends · last 30 days" when the range ends today, else "Trends · 30 days to 31 Jan 2026". */
export function trendsHeading(range: { to: Day; endsToday: boolean }, locale?: string): string {
  return range.endsToday ? 'Trends · last 30 days' : `Trends · 30 days to ${formatDay(range.to, locale)}`;
}

/** Said beside the real-time tiles and the target when the range ends before today. */
export function nowNote(range: { endsToday: boolean }, today: Day, locale?: string): string | null {
  return range.endsToday ? null : `Now (${formatDay(today, locale)}), whatever the selected range`;
}

export type TrendCard = {
  key: string; testId: string; label: string; value: string | undefined; unavailable: string | null; detail: string; explain?: ExplainTarget; higherIsBetter: boolean; mode: 'points' | 'relative';
  /** The figure over the window; `previous`, the same figure over the 30 days before it. */
  raw: number | null | undefined;
  previous: number | null | undefined;
  metric: string;
};

/** `summary`: read at the window's end; `before`: read 30 days earlier (the trend's reference). */
export function trendCards(summary: Summary | undefined, locale?: string, before?: Summary): TrendCard[] {
  const s = summary;
  const day = s?.today.day;
  const rate = (r: { value: number | null; reason?: string } | undefined, signed = false) => ({
    value: r && r.value !== null ? formatPercent(r.value, { locale, signed }) : undefined,
    unavailable: r && r.value === null ? (r.reason ?? 'Not enough data') : null,
  });
  const days = s?.trialConversion.averageDaysToConvert;
  return [
    {
      key: 'growth', testId: 'trend-growth', label: '30-day MRR growth', ...rate(s?.growth.last30Days, true), detail: 'MRR at the end against 30 days earlier',
      explain: day ? { metric: 'net_new_mrr', from: addDays(day, -29), to: day, title: `Net new MRR, ${windowTitle(day, locale)}` } : undefined,
      higherIsBetter: true, mode: 'points', raw: s?.growth.last30Days.value, previous: before?.growth.last30Days.value, metric: 'mrr_growth',
    },
    {
      key: 'churn', testId: 'trend-churn', label: 'Monthly churn', ...rate(s?.churnRate), detail: 'Customers lost over the 30 days',
      explain: day ? { metric: 'churned_customers', from: addDays(day, -29), to: day, title: `Customers who churned, ${windowTitle(day, locale)}` } : undefined,
      higherIsBetter: false, mode: 'points', raw: s?.churnRate.value, previous: before?.churnRate.value, metric: 'customer_churn_rate',
    },
    {
      key: 'conversion', testId: 'trend-conversion', label: 'Trial conversion', ...rate(s?.trialConversion.rate),
      detail: s ? `${formatCount(s.trialConversion.converted, locale)} of ${formatCount(s.trialConversion.started, locale)} trials started 30–59 days before` : '',
      higherIsBetter: true, mode: 'points', raw: s?.trialConversion.rate.value, previous: before?.trialConversion.rate.value, metric: 'trial_conversion_rate',
    },
    {
      key: 'days', testId: 'trend-days', label: 'Average days to convert', value: days === null || days === undefined ? undefined : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(days)} days`,
      unavailable: s && days === null ? 'No trial converted in the window' : null, detail: 'From trial start to first payment', higherIsBetter: false, mode: 'relative',
      raw: days, previous: before?.trialConversion.averageDaysToConvert, metric: 'average_days_to_convert',
    },
  ];
}

function windowTitle(day: Day, locale?: string): string {
  return `the 30 days to ${formatDay(day, locale)}`;
}

export type TargetView =
  | { kind: 'none' }
  | { kind: 'target'; target: string; progress: number; progressLabel: string; reached: boolean; daysToTarget: string; daysToTargetNote: string | null; dailyAmount: string; dailyRate: string; daysLeft: number; note: string | null };

export function targetView(summary: Summary | undefined, locale?: string): TargetView | null {
  if (!summary) return null;
  const t = summary.target;
  if (!t) return { kind: 'none' };
  const money = (v: number) => formatMoney(v, summary.currency, locale);
  const r = t.requiredDailyGrowth;
  return {
    kind: 'target',
    target: money(t.mrrTarget),
    progress: t.progress,
    progressLabel: formatPercent(t.progress, { locale, digits: 0 }),
    reached: t.reached,
    daysToTarget: t.reached ? 'Reached' : t.daysToTarget.value === null ? '—' : `${formatCount(t.daysToTarget.value, locale)} ${t.daysToTarget.value === 1 ? 'day' : 'days'}`,
    daysToTargetNote: t.reached ? null : t.daysToTarget.value === null ? (t.daysToTarget.reason ?? null) : 'at the last 30 days’ pace',
    dailyAmount: r.amount === null ? '—' : `${money(r.amount)} a day`,
    dailyRate: r.rate === null ? '—' : `${formatPercent(r.rate, { locale, digits: 2, signed: true })} a day`,
    daysLeft: r.daysLeft,
    note: r.reason ?? null,
  };
}
