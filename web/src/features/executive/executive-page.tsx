// The executive screen: the six headline figures and the NPS, the revenue trend with its projection and
// annotations, customer counts, revenue by plan and the top customers. Figures open the explain
// panel; everything moves with the live feed (the shell writes messages into the cache).
import { useMemo } from 'react';
import type { ScreenProps } from '../../app/screen-props.js';
import { useDateRange } from '../../app/use-date-range.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ConnectStripeEmptyState } from '../../components/empty-state.js';
import { errorMessage } from '../../lib/api-client.js';
import { addMonths, lastDayOf, monthOf, utcDay } from '../../lib/calendar.js';
import { isEmptyWorkspace } from '../metrics/summary.js';
import { useSummary } from '../metrics/use-summary.js';
import { useAnnotations } from './annotations-api.js';
import { executiveCards } from './cards.js';
import { customerCounts } from './counts.js';
import { CustomerCounts } from './customer-counts.js';
import { PROJECTION_MONTHS, useByPlan, useCardSeries, useForecast, useTopCustomers, useTrendMovements } from './executive-data.js';
import { KpiCards } from './kpi-cards.js';
import { planShareSubtitle, topCustomersSubtitle } from './panel-labels.js';
import { PlanBreakdown } from './plan-breakdown.js';
import { planRows } from './plans.js';
import { RevenueTrendPanel } from './revenue-trend-panel.js';
import { buildTrendRows } from './revenue-trend.js';
import { TopCustomers } from './top-customers.js';
import { NpsCard } from '../success/growth-panels.js';
import { useNps } from '../success/success-api.js';
import './executive.css';

export function ExecutivePage({ workspace, locale }: ScreenProps) {
  const today = utcDay(new Date());
  const { range, compare } = useDateRange(today);
  const ws = workspace.id;
  const q = `workspace=${encodeURIComponent(ws)}`;
  const summary = useSummary(ws);
  const { series, error: seriesError } = useCardSeries(ws, range, compare);
  const movements = useTrendMovements(ws, range);
  const forecast = useForecast(ws, range.endsToday);
  const byPlan = useByPlan(ws, range.to);
  const canReadCustomers = workspace.role !== 'billing';
  const nps = useNps(ws, { from: range.from, to: range.to }, canReadCustomers);
  const top = useTopCustomers(ws, canReadCustomers);
  const lastMonth = range.months.at(-1)!;
  const annotations = useAnnotations(ws, { from: `${range.months[0]}-01`, to: range.endsToday ? lastDayOf(addMonths(lastMonth, PROJECTION_MONTHS)) : range.to });

  const cards = executiveCards({ summary: summary.data, series, range, compare, locale });
  const rows = useMemo(
    () =>
      movements.data
        ? buildTrendRows({
            periods: movements.data.periods,
            // A forecast without an interval (a short history) is drawn with a zero-width band.
            forecast: (forecast.data?.forecast ?? []).map((f) => ({ ...f, low: f.low ?? f.mrr, high: f.high ?? f.mrr })),
            annotations: annotations.data ?? [],
            currentMonth: monthOf(today),
            horizon: PROJECTION_MONTHS,
            compareMrr: compare === 'none' || !series.mrr ? undefined : new Map(series.mrr.points.map((p) => [p.period.slice(0, 7), p.compare?.value ?? null])),
          })
        : undefined,
    [movements.data, forecast.data, annotations.data, today, compare, series.mrr],
  );
  const currency = summary.data?.currency ?? movements.data?.currency;
  const counts = customerCounts({ summary: summary.data, period: movements.data?.periods.at(-1), to: range.to, live: range.endsToday, customersHref: (query) => `/customers?${query}&${q}`, locale });
  const canEdit = workspace.role === 'owner' || workspace.role === 'admin';

  if (summary.data && isEmptyWorkspace(summary.data)) return <ConnectStripeEmptyState origin={window.location.origin} settingsHref={`/settings/sources?${q}`} />;
  const s = summary.data;
  return (
    <div className="screen executive">
      {summary.error && !s ? <ErrorNotice title="Could not load the figures" message={errorMessage(summary.error)} onRetry={() => void summary.refetch()} /> : null}
      {seriesError && !summary.error ? <ErrorNotice title="Some trends could not be loaded" message={errorMessage(seriesError)} /> : null}
      <KpiCards cards={cards} raw={range.endsToday && s ? { mrr: s.mrr, arr: s.arr, arpa: s.arpa, growth: s.growth.mom.value ?? undefined, churn: s.churnRate.value ?? undefined } : {}}>
        {canReadCustomers && <NpsCard query={nps} locale={locale} />}
      </KpiCards>
      {range.endsToday && s && !s.target && canEdit && (
        <p className="hint-line">
          Set a monthly MRR target under <a href={`/settings/workspace?${q}`}>Settings → Workspace</a> to see how far along you are.
        </p>
      )}
      <RevenueTrendPanel
        workspaceId={ws}
        rows={rows}
        annotations={annotations.data ?? []}
        currency={currency}
        today={today}
        canEdit={canEdit}
        loading={movements.isPending}
        error={movements.error}
        onRetry={() => void movements.refetch()}
        locale={locale}
        compareLabel={compare === 'previous_year' ? 'MRR a year earlier' : compare === 'previous_period' ? 'MRR in the previous period' : null}
        exportTarget={{ path: '/v1/metrics/movements', params: { workspace: ws, granularity: 'month', from: `${range.months[0]}-01`, to: range.to } }}
      />
      <CustomerCounts items={counts} locale={locale} />
      <div className="two-columns">
        <PlanBreakdown
          rows={byPlan.data ? planRows(byPlan.data) : undefined}
          currency={byPlan.data?.currency}
          subtitle={planShareSubtitle(range, locale)}
          loading={byPlan.isPending}
          error={byPlan.error}
          onRetry={() => void byPlan.refetch()}
          planHref={(planId) => `/customers?plan=${encodeURIComponent(planId)}&${q}`}
          locale={locale}
          exportTarget={{ path: '/v1/metrics/by-plan', params: { workspace: ws, date: range.to } }}
        />
        {canReadCustomers && (
          <TopCustomers rows={top.data} subtitle={topCustomersSubtitle(range, today, locale)} loading={top.isPending} error={top.error} customerHref={(id) => `/customers/${encodeURIComponent(id)}?${q}`} allHref={`/customers?${q}`} locale={locale} exportTarget={{ path: '/v1/customers', params: { workspace: ws, sort: '-mrr', status: 'active,past_due' } }} />
        )}
      </div>
    </div>
  );
}
