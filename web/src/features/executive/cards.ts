// The executive figure cards: MRR against the target, ARR, MoM growth, ARPA, customer churn and
// NRR, each with its value, the trend against the comparison, a sparkline and what the explain
// panel opens. When the range ends today the values are the live summary's; otherwise the
// monthly series' value at the end of the range. Like for like: every trend compares equal spans
// (MRR today with MRR on the same day last month, the last 30 days with the 30 before, complete
// months with complete months, a comparison series of the same days) and its caption says which.
// Pure.
import { firstDayOf, formatDay, formatMonth, lastDayOf, monthOf, type Day } from '../../lib/calendar.js';
import { formatMoney, formatMoneyChange } from '../../lib/format.js';
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
  /** A quiet second line: the MRR already scheduled to change after today (never in the value). */
  note?: string;
};

export type CardsInput = {
  summary: Summary | undefined;
  series: Partial<Record<CardSeries, Series>>;
  range: DateRange;
  compare: Comparison;
  locale?: string;
};

/** What the last point of a series is compared with, said plainly: the comparison series' same
 *  days (a month to date against the same days of its counterpart), or the month before. */
function captionFor(compare: Comparison, last: SeriesPoint | undefined, locale?: string): string {
  const other = last && 'compare' in last ? last.compare : null;
  if (compare !== 'none') {
    const which = compare === 'previous_year' ? 'last year' : 'previous period';
    return other ? `vs ${formatDay(other.end, locale)} (${which})` : `vs ${which}`;
  }
  if (last && last.end !== lastDayOf(monthOf(last.end))) return `vs end of last month (${formatMonth(monthOf(last.end), locale)} is to ${formatDay(last.end, locale)})`;
  return 'vs previous month';
}

export const SAME_DAY_LAST_MONTH = 'vs same day last month';

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
  const caption = captionFor(compare, series.mrr?.points.at(-1), locale);
  // Live, without a comparison: today against the same day last month (the summary has both).
  const sameDay = live && compare === 'none' ? (summary?.sameDayLastMonth ?? null) : null;
  const levelCaption = live && compare === 'none' ? SAME_DAY_LAST_MONTH : caption;
  const to: Day = range.to;
  const month = monthOf(to);
  const last = (key: CardSeries) => series[key]?.points.at(-1)?.value ?? null;
  const ready = (key: CardSeries) => series[key] !== undefined;

  // MRR and ARR
  const mrrNow = live ? summary?.mrr : (last('mrr') ?? undefined);
  const mrrPoints = series.mrr?.points ?? [];
  const mrrTrend = trendBetween(mrrNow, sameDay ? sameDay.mrr : previousOf(mrrPoints, mrrPoints.length - 1, compare), { mode: 'relative', locale });
  const target = live ? (summary?.target ?? null) : null;
  const mrrSpark = ready('mrr') ? { values: values(series.mrr), label: `MRR by month, ${mrrPoints.length} months` } : null;

  // ARPA
  const arpaNow = live ? summary?.arpa : (last('arpa') ?? undefined);
  const arpaPoints = series.arpa?.points ?? [];

  // MoM growth: when live, MRR today against the same day last month (month to date against the
  // same days of last month); it has no equal span to be compared with, so no trend.
  const growthPoints = series.mrr_growth?.points ?? [];
  const growthNow = live ? summary?.growth.mom.value : last('mrr_growth');
  const growthUnavailable = live ? (summary && summary.growth.mom.value === null ? (summary.growth.mom.reason ?? 'Not enough history') : null) : null;

  // Customer churn: the last 30 days when live, else the range's last month.
  const churnPoints = series.customer_churn_rate?.points ?? [];
  const churnNow = live ? summary?.churnRate.value : last('customer_churn_rate');
  // Live: the last 30 days against the 30 days before (the summary has both); else the series.
  const churnPrev = live && compare === 'none' ? (summary?.churnRatePrevious30Days.value ?? null) : previousOf(churnPoints, churnPoints.length - 1, compare);
  const churnCaption = live && compare === 'none' ? 'vs the 30 days before' : captionFor(compare, churnPoints.at(-1), locale);
  const scheduled = live && summary && currency && summary.scheduled.changes > 0 ? summary.scheduled : null;

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
      trendCaption: levelCaption,
      spark: mrrSpark,
      explain: { metric: 'mrr', date: to, title: 'MRR' },
      ...(scheduled
        ? { note: `Scheduled: ${formatMoneyChange(scheduled.change, currency!, locale)} by ${scheduled.lastDay ? formatDay(scheduled.lastDay, locale) : 'later'} (${scheduled.changes} ${scheduled.changes === 1 ? 'change' : 'changes'}; committed MRR ${money(scheduled.committedMrr)})` }
        : {}),
    },
    {
      key: 'arr',
      testId: 'metric-arr',
      label: 'ARR',
      value: money(mrrNow === undefined ? undefined : mrrNow * 12),
      trend: mrrTrend,
      trendCaption: levelCaption,
      spark: mrrSpark ? { values: values(series.mrr, 12), label: `ARR by month, ${mrrPoints.length} months` } : null,
      explain: { metric: 'mrr', date: to, title: 'ARR', note: 'ARR is 12 × MRR. These are the customers whose MRR makes it up.' },
    },
    {
      key: 'growth',
      testId: 'metric-growth',
      label: 'MoM growth',
      value: growthNow === undefined || growthNow === null ? undefined : formatPercent(growthNow, { locale, signed: true }),
      unavailable: growthUnavailable ?? (!live && ready('mrr_growth') && growthNow === null ? 'Not enough history' : null),
      detail: live ? `${formatMonth(month, locale, 'long')} to date, ${SAME_DAY_LAST_MONTH}` : undefined,
      trend: live ? null : trendBetween(growthNow, previousOf(growthPoints, growthPoints.length - 1, compare), { mode: 'points', locale }),
      trendCaption: live ? undefined : captionFor(compare, growthPoints.at(-1), locale),
      spark: ready('mrr_growth') ? { values: values(series.mrr_growth), label: 'Month-over-month MRR growth by month' } : null,
      explain: { metric: 'net_new_mrr', from: growthStart, to, title: `Net new MRR, ${formatMonth(month, locale, 'long')}`, note: live && summary ? `MoM growth is the change of MRR since the same day last month (${formatDay(summary.sameDayLastMonth.day, locale)}), divided by that MRR. These are this month's movements (FX aside).` : 'MoM growth is the change of MRR since the end of the month before, divided by that MRR. These are the movements behind the change (FX aside).' },
    },
    {
      key: 'arpa',
      testId: 'metric-arpa',
      label: 'ARPA',
      value: money(arpaNow),
      detail: live && summary ? `${summary.payingCustomers.toLocaleString(locale)} paying accounts` : undefined,
      trend: trendBetween(arpaNow, sameDay ? sameDay.arpa : previousOf(arpaPoints, arpaPoints.length - 1, compare), { mode: 'relative', locale }),
      trendCaption: levelCaption,
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
      trendCaption: churnCaption,
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
      trendCaption: compare === 'none' ? 'vs the month before' : captionFor(compare, nrrPoint, locale),
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
