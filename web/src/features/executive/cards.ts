// The executive figure cards: MRR against the target, ARR, MoM growth, ARPA, customer churn and
// NRR, each with its value, the trend against the comparison, a sparkline and what the explain
// panel opens. When the range ends today the values are the live summary's; otherwise the
// monthly series' value at the end of the range. Pure.
import { firstDayOf, formatMonth, lastDayOf, monthOf, type Day } from '../../lib/calendar.js';
import { formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { addDays, type Comparison, type DateRange } from '../../app/date-range.js';
import type { ExplainTarget } from '../../components/explain/explain-target.js';
import { trendBetween, type Trend } from '../../components/trend.js';
import type { Series, SeriesPoint } from '../metrics/series.js';
import type { Summary } from '../metrics/summary.js';

export const CARD_SERIES = ['mrr', 'mrr_growth', 'arpa', 'customer_churn_rate', 'nrr'] as const;
export type CardSeries = (typeof CARD_SERIES)[number];

export type CardKey = 'mrr' | 'arr' | 'growth' | 'arpa' | 'churn' | 'nrr';

export type CardModel = {
  key: CardKey;
  testId: `metric-${CardKey}`;
  label: string;
  /** Undefined while loading. */
  value: string | undefined;
  unavailable?: string | null;
  detail?: string;
  /** MRR against the monthly target: 0–1+ (null without a target). */
  progress?: number | null;
  trend: Trend | null;
  trendCaption?: string;
  spark: { values: Array<number | null>; label: string } | null;
  explain: ExplainTarget | null;
};

export type CardsInput = {
  summary: Summary | undefined;
  series: Partial<Record<CardSeries, Series>>;
  range: DateRange;
  compare: Comparison;
  locale?: string;
};

function captionFor(compare: Comparison): string {
  return compare === 'previous_year' ? 'vs last year' : compare === 'previous_period' ? 'vs previous period' : 'vs last month';
}

/** The point a figure at `index` is compared with: its comparison point, or the one before. */
function previousOf(points: readonly SeriesPoint[], index: number, compare: Comparison): number | null {
  const point = points[index];
  if (!point) return null;
  if (compare !== 'none') return point.compare?.value ?? null;
  return points[index - 1]?.value ?? null;
}

function values(series: Series | undefined, scale = 1): Array<number | null> {
  return series?.points.map((p) => (p.value === null ? null : p.value * scale)) ?? [];
}

export function executiveCards({ summary, series, range, compare, locale }: CardsInput): CardModel[] {
  const live = range.endsToday;
  const currency = summary?.currency ?? series.mrr?.currency ?? null;
  const money = (minor: number | null | undefined) => (minor === null || minor === undefined || !currency ? undefined : formatMoney(minor, currency, locale));
  const pct = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? undefined : formatPercent(ratio, { locale }));
  const caption = captionFor(compare);
  const to: Day = range.to;
  const month = monthOf(to);
  const last = (key: CardSeries) => series[key]?.points.at(-1)?.value ?? null;
  const ready = (key: CardSeries) => series[key] !== undefined;

  // MRR and ARR
  const mrrNow = live ? summary?.mrr : (last('mrr') ?? undefined);
  const mrrPoints = series.mrr?.points ?? [];
  const mrrTrend = trendBetween(mrrNow, previousOf(mrrPoints, mrrPoints.length - 1, compare), { mode: 'relative', locale });
  const target = live ? (summary?.target ?? null) : null;
  const mrrSpark = ready('mrr') ? { values: values(series.mrr), label: `MRR by month, ${mrrPoints.length} months` } : null;

  // ARPA
  const arpaNow = live ? summary?.arpa : (last('arpa') ?? undefined);
  const arpaPoints = series.arpa?.points ?? [];

  // MoM growth: this month so far when live.
  const growthPoints = series.mrr_growth?.points ?? [];
  const growthNow = live ? summary?.growth.mom.value : last('mrr_growth');
  const growthUnavailable = live ? (summary && summary.growth.mom.value === null ? (summary.growth.mom.reason ?? 'Not enough history') : null) : null;

  // Customer churn: the last 30 days when live, else the range's last month.
  const churnPoints = series.customer_churn_rate?.points ?? [];
  const churnNow = live ? summary?.churnRate.value : last('customer_churn_rate');
  const churnPrev = live ? (compare === 'none' ? (churnPoints.at(-2)?.value ?? null) : (churnPoints.at(-1)?.compare?.value ?? null)) : previousOf(churnPoints, churnPoints.length - 1, compare);

  // NRR: the last complete month when live (this month's is only days old).
  const nrrPoints = series.nrr?.points ?? [];
  const nrrIndex = live ? nrrPoints.length - 2 : nrrPoints.length - 1;
  const nrrPoint = nrrPoints[nrrIndex];
  const nrrMonth = nrrPoint ? nrrPoint.period.slice(0, 7) : month;

  const growthStart = firstDayOf(month);
  return [
    {
      key: 'mrr',
      testId: 'metric-mrr',
      label: 'MRR',
      value: money(mrrNow),
      detail: target ? `${formatPercent(target.progress, { locale, digits: 0 })} of ${money(target.mrrTarget)} target` : undefined,
      progress: target ? target.progress : null,
      trend: mrrTrend,
      trendCaption: caption,
      spark: mrrSpark,
      explain: { metric: 'mrr', date: to, title: 'MRR' },
    },
    {
      key: 'arr',
      testId: 'metric-arr',
      label: 'ARR',
      value: money(mrrNow === undefined ? undefined : mrrNow * 12),
      trend: mrrTrend,
      trendCaption: caption,
      spark: mrrSpark ? { values: values(series.mrr, 12), label: `ARR by month, ${mrrPoints.length} months` } : null,
      explain: { metric: 'mrr', date: to, title: 'ARR', note: 'ARR is 12 × MRR. These are the customers whose MRR makes it up.' },
    },
    {
      key: 'growth',
      testId: 'metric-growth',
      label: 'MoM growth',
      value: growthNow === undefined || growthNow === null ? undefined : formatPercent(growthNow, { locale, signed: true }),
      unavailable: growthUnavailable ?? (!live && ready('mrr_growth') && growthNow === null ? 'Not enough history' : null),
      detail: live ? `${formatMonth(month, locale, 'long')} so far` : undefined,
      trend: trendBetween(growthNow, previousOf(growthPoints, growthPoints.length - 1, compare), { mode: 'points', locale }),
      trendCaption: caption,
      spark: ready('mrr_growth') ? { values: values(series.mrr_growth), label: 'Month-over-month MRR growth by month' } : null,
      explain: { metric: 'net_new_mrr', from: growthStart, to, title: `Net new MRR, ${formatMonth(month, locale, 'long')}`, note: 'MoM growth is the change of MRR since the end of last month, divided by that MRR. These are the movements behind the change (FX aside).' },
    },
    {
      key: 'arpa',
      testId: 'metric-arpa',
      label: 'ARPA',
      value: money(arpaNow),
      detail: live && summary ? `${summary.payingCustomers.toLocaleString(locale)} paying accounts` : undefined,
      trend: trendBetween(arpaNow, previousOf(arpaPoints, arpaPoints.length - 1, compare), { mode: 'relative', locale }),
      trendCaption: caption,
      spark: ready('arpa') ? { values: values(series.arpa), label: 'Average revenue per account by month' } : null,
      explain: { metric: 'mrr', date: to, title: 'ARPA', note: `ARPA is MRR divided by the number of paying accounts${summary && live ? ` (${summary.payingCustomers.toLocaleString(locale)})` : ''}.` },
    },
    {
      key: 'churn',
      testId: 'metric-churn',
      label: 'Customer churn',
      value: pct(churnNow),
      unavailable: live && summary && churnNow === null ? (summary.churnRate.reason ?? 'No customers to churn') : null,
      detail: live ? 'Last 30 days' : formatMonth(month, locale, 'long'),
      trend: trendBetween(churnNow, churnPrev, { mode: 'points', higherIsBetter: false, locale }),
      trendCaption: caption,
      spark: ready('customer_churn_rate') ? { values: values(series.customer_churn_rate), label: 'Customer churn rate by month' } : null,
      explain: live ? { metric: 'churned_customers', from: addDays(to, -29), to, title: 'Customers who churned, last 30 days' } : { metric: 'churned_customers', from: firstDayOf(month), to, title: `Customers who churned, ${formatMonth(month, locale, 'long')}` },
    },
    {
      key: 'nrr',
      testId: 'metric-nrr',
      label: 'NRR',
      value: ready('nrr') ? (nrrPoint?.value === null || nrrPoint === undefined ? undefined : formatPercent(nrrPoint.value, { locale })) : undefined,
      unavailable: ready('nrr') && (nrrPoint === undefined || nrrPoint.value === null) ? (nrrPoint?.reason ?? 'Not enough history') : null,
      detail: formatMonth(nrrMonth, locale, 'long'),
      trend: trendBetween(nrrPoint?.value, previousOf(nrrPoints, nrrIndex, compare), { mode: 'points', locale }),
      trendCaption: compare === 'none' ? 'vs the month before' : caption,
      spark: ready('nrr') ? { values: values(series.nrr).slice(0, live ? -1 : undefined), label: 'Net revenue retention by month' } : null,
      explain: { metric: 'churn', from: firstDayOf(nrrMonth), to: nrrMonth === month ? to : lastDayOf(nrrMonth), title: `MRR lost to churn, ${formatMonth(nrrMonth, locale, 'long')}`, note: 'NRR is (MRR at the start of the month + expansion − contraction − churn) ÷ MRR at the start. The largest deduction, churn, is listed here.' },
    },
  ];
}

/** The months the card series cover: the range, and at least the last 6 months for the lines —
 *  except when comparing with the previous period, which is as long as the series itself. */
export function cardSeriesBounds(range: DateRange, compare: Comparison = 'none'): { from: Day; to: Day } {
  const rangeStart = firstDayOf(monthOf(range.from));
  if (compare === 'previous_period') return { from: rangeStart, to: range.to };
  const sixMonths = firstDayOf(monthOf(addDays(range.to, -31 * 5)));
  return { from: rangeStart < sixMonths ? rangeStart : sixMonths, to: range.to };
}
