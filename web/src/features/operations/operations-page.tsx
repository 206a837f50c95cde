// The operations screen: what is happening right now (moving with every webhook), the 30-day
// trends, the monthly target, and the live activity feed.
import { useQueries } from '@tanstack/react-query';
import type { ScreenProps } from '../../app/screen-props.js';
import { useDateRange } from '../../app/use-date-range.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ConnectStripeEmptyState } from '../../components/empty-state.js';
import { useExplainer } from '../../components/explain/explain-context.js';
import { MetricCard } from '../../components/metric-card.js';
import { trendBetween } from '../../components/trend.js';
import { apiGet, errorMessage } from '../../lib/api-client.js';
import { utcDay } from '../../lib/calendar.js';
import { cardSeriesBounds } from '../executive/cards.js';
import { seriesSchema, type Series } from '../metrics/series.js';
import { isEmptyWorkspace } from '../metrics/summary.js';
import { useSummary } from '../metrics/use-summary.js';
import { ActivityFeed } from './activity-feed.js';
import { realtimeTiles, targetView, trendCards, type TrendCard } from './operations-model.js';
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

function TrendMetric({ card, series, locale }: { card: TrendCard; series: Series | undefined; locale?: string }) {
  const explain = useExplainer();
  // The trend compares the rolling figure with the last complete month's.
  const previous = series?.points.at(-2)?.value ?? null;
  const trend = trendBetween(card.raw, previous, { mode: card.mode, higherIsBetter: card.higherIsBetter, locale });
  const target = card.explain;
  return (
    <MetricCard
      testId={card.testId}
      label={card.label}
      value={card.value}
      unavailable={card.unavailable}
      detail={card.detail}
      trend={trend}
      trendCaption="vs last month"
      spark={series ? { values: series.points.map((p) => p.value), label: `${card.label} by month` } : null}
      onExplain={target ? () => explain(target) : undefined}
    />
  );
}

export function OperationsPage({ workspace, locale }: ScreenProps) {
  const ws = workspace.id;
  const q = `workspace=${encodeURIComponent(ws)}`;
  const today = utcDay(new Date());
  const { range } = useDateRange(today);
  const summary = useSummary(ws);
  const cards = trendCards(summary.data, locale);
  const series = useTrendSeries(ws, cards.map((c) => c.metric), cardSeriesBounds(range));
  const customersHref = (query: string) => `/customers?${query}&${q}`;
  const canEdit = workspace.role === 'owner' || workspace.role === 'admin';

  if (summary.data && isEmptyWorkspace(summary.data)) return <ConnectStripeEmptyState origin={window.location.origin} settingsHref={`/settings/sources?${q}`} />;
  return (
    <div className="screen operations">
      {summary.error && !summary.data && <ErrorNotice title="Could not load the figures" message={errorMessage(summary.error)} onRetry={() => void summary.refetch()} />}
      <RealtimePanel tiles={realtimeTiles(summary.data, customersHref, locale)} />
      <div className="ops-columns">
        <div className="stack">
          <section aria-labelledby="trends-title">
            <h2 className="section-title" id="trends-title">
              Trends
            </h2>
            <div className="card-grid card-grid-2">
              {cards.map((card) => (
                <TrendMetric key={card.key} card={card} series={series[card.metric]} locale={locale} />
              ))}
            </div>
          </section>
          <TargetsPanel view={targetView(summary.data, locale)} settingsHref={`/settings/workspace?${q}`} canEdit={canEdit} />
        </div>
        <ActivityFeed workspaceId={ws} customerHref={(id) => `/customers/${encodeURIComponent(id)}?${q}`} locale={locale} />
      </div>
    </div>
  );
}
