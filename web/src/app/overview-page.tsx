import { EmptyState } from '../features/metrics/empty-state.js';
import { MetricGrid } from '../features/metrics/metric-grid.js';
import { isEmptyWorkspace, type Summary } from '../features/metrics/summary.js';
import { errorMessage } from '../lib/api-client.js';
import { formatAge } from '../lib/format.js';
import { ErrorNotice } from './error-notice.js';

export type SummaryView = {
  data: Summary | undefined;
  error: unknown;
  retry: () => void;
};

export type OverviewPageProps = {
  summary: SummaryView;
  now: number;
  origin: string;
  locale?: string;
};

/** The first screen: the four headline figures, live. */
export function OverviewPage({ summary, now, origin, locale }: OverviewPageProps) {
  const { data, error } = summary;
  if (data && isEmptyWorkspace(data)) return <EmptyState origin={origin} />;
  return (
    <>
      {error !== null && (
        <ErrorNotice
          title={data ? 'Could not refresh the figures' : 'Could not load the figures'}
          message={errorMessage(error)}
          onRetry={summary.retry}
        />
      )}
      {(data || error === null) && <MetricGrid figures={data} locale={locale} />}
      {data && (
        <p className="page-footnote" data-testid="summary-footnote">
          Figures in {data.currency.toUpperCase()}
          {data.lastEventAt && <> · last event {formatAge(Math.max(0, now - Date.parse(data.lastEventAt)))}</>}
        </p>
      )}
    </>
  );
}
