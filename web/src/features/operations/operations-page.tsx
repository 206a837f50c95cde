// The operations screen: what is happening right now (moving with every webhook) and the monthly
// target — always now, and said so when the selected range ends earlier — the 30-day trends at
// the range's end against the 30 days before, and the live activity feed.
import { skipToken, useQueries, useQuery } from '@tanstack/react-query';
import type { ScreenProps } from '../../app/screen-props.js';
import { useDateRange } from '../../app/use-date-range.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ConnectStripeEmptyState } from '../../components/empty-state.js';
import { useExplainer } from '../../components/explain/explain-context.js';
import { MetricCard } from '../../components/metric-card.js';
import { trendBetween } from '../../components/trend.js';
import { apiGet, errorMessage } from '../../lib/api-client.js';
import { utcDay, type Day } from '../../lib/calendar.js';
import { cardSeriesBounds } from '../executive/cards.js';
import { seriesSchema, type Series } from '../metrics/series.js';
import { isEmptyWorkspace, summarySchema } from '../metrics/summary.js';
import { useSummary } from '../metrics/use-summary.js';
import { ActivityFeed } from './activity-feed.js';
import { endOfDayInstant, nowNote, previousWindowEnd, realtimeTiles, targetView, trendCards, trendsHeading, type TrendCard } from './operations-model.js';
import { RealtimePanel } from './realtime-panel.js';
import { TargetsPanel } from './targets-panel.js';
import './operations.css';

function useTrendSeries(workspaceId: string, metrics: string[], bounds: { from: string; to: string }): Record<string, Series | undefined> {
  const results = useQueries({
    queries: metrics.map((metric) => {
      const request = { metric, granularity: 'month', from: bounds.from, to: bounds.to, compare: null };
      return {
        queryKey: ['series', workspaceId, request],
        queryFn: ({ signal }: { signal: AbortSignal }) => apiGet('/v1/metrics/series', seriesSchema, { params: { workspace: workspaceId, metric, granularity: 'month', from: bounds.from, to: bounds.to }, signal }),
        placeholderData: (previous: Series | undefined) => previous,
      };
    }),
  });
  return Object.fromEntries(metrics.map((m, i) => [m, results[i]?.data]));
}

/** The summary as of the end of `day` (skipped while `day` is null). */
function useSummaryAt(workspaceId: string, day: Day | null) {
  return useQuery({
    queryKey: ['summary-at', workspaceId, day],
    queryFn: day === null ? skipToken : ({ signal }) => apiGet('/v1/metrics/summary', summarySchema, { params: { workspace: workspaceId, asOf: endOfDayInstant(day) }, signal }),
    placeholderData: (previous) => previous,
  });
}

/** `now`: the window ends today, so its churn is the executive's 30-day churn (data-figure). */
function TrendMetric({ card, series, locale, now }: { card: TrendCard; series: Series | undefined; locale?: string; now: boolean }) {
  const explain = useExplainer();
  // The same 30-day figure over the window before: a headline and its delta share one span.
  const trend = trendBetween(card.raw, card.previous, { mode: card.mode, higherIsBetter: card.higherIsBetter, locale });
  const target = card.explain;
  return (
    <MetricCard
      testId={card.testId}
      label={card.label}
      value={card.value}
      unavailable={card.unavailable}
      detail={card.detail}
      trend={trend}
      trendCaption="vs the 30 days before"
      spark={series ? { values: series.points.map((p) => p.value), label: `${card.label} by month` } : null}
      onExplain={target ? () => explain(target) : undefined}
      figure={now && card.key === 'churn' ? 'customer-churn-30d' : undefined}
    />
  );
}

export function OperationsPage({ workspace, locale }: ScreenProps) {
  const ws = workspace.id;
  const q = `workspace=${encodeURIComponent(ws)}`;
  const today = utcDay(new Date());
  const { range } = useDateRange(today);
  const summary = useSummary(ws);
  // The trend cards read the 30 days to the range's last day: the live summary when that is today.
  const atEnd = useSummaryAt(ws, range.endsToday ? null : range.to);
  const end = range.endsToday ? summary.data : atEnd.data;
  const before = useSummaryAt(ws, end ? previousWindowEnd(end.today.day) : null);
  const cards = trendCards(end, locale, before.data);
  const note = nowNote(range, today, locale);
  const series = useTrendSeries(ws, cards.map((c) => c.metric), cardSeriesBounds(range));
  const customersHref = (query: string) => `/customers?${query}&${q}`;
  const canEdit = workspace.role === 'owner' || workspace.role === 'admin';

  if (summary.data && isEmptyWorkspace(summary.data)) return <ConnectStripeEmptyState origin={window.location.origin} settingsHref={`/settings/sources?${q}`} />;
  return (
    <div className="screen operations">
      {summary.error && !summary.data && <ErrorNotice title="Could not load the figures" message={errorMessage(summary.error)} onRetry={() => void summary.refetch()} />}
      <RealtimePanel tiles={realtimeTiles(summary.data, customersHref, locale)} note={note} />
      <div className="ops-columns">
        <div className="stack">
          <section aria-labelledby="trends-title">
            <h2 className="section-title" id="trends-title" data-testid="trends-title">
              {trendsHeading(range, locale)}
            </h2>
            {atEnd.error ? <ErrorNotice title="Could not load the figures at the end of the range" message={errorMessage(atEnd.error)} onRetry={() => void atEnd.refetch()} /> : null}
            <div className="card-grid card-grid-2">
              {cards.map((card) => (
                <TrendMetric key={card.key} card={card} series={series[card.metric]} locale={locale} now={range.endsToday} />
              ))}
            </div>
          </section>
          <TargetsPanel view={targetView(summary.data, locale)} settingsHref={`/settings/workspace?${q}`} canEdit={canEdit} note={note} />
        </div>
        <ActivityFeed workspaceId={ws} customerHref={(id) => `/customers/${encodeURIComponent(id)}?${q}`} locale={locale} />
      </div>
    </div>
  );
}
