// The Cohorts screen: logo or revenue retention by first-paid month as a heatmap (the last 24
// months by default: exactly 24 cohorts, this month's included, followed from M0 to M23), and the
// average curve of both kinds. A cell opens its customers. The kind and the span live in the URL
// (?kind=revenue&span=36) so a view can be shared.
import { useCallback, useMemo, useState } from 'react';
import type { CohortKind } from '@read/cohorts/contract.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { updateSearch } from '../../app/navigation.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { ExportMenu } from '../../components/export-menu.js';
import { Skeleton } from '../../components/skeleton.js';
import { errorMessage } from '../../lib/api-client.js';
import { averageCurve, COHORT_SPANS, cohortRange, heatmap, type CohortSpan } from './cohort-grid.js';
import { AverageCurve } from './average-curve.js';
import { CohortCellPanel } from './cohort-cell-panel.js';
import { HeatmapLegend, HeatmapView, type OpenCell } from './heatmap-view.js';
import { useCohorts, type CohortCellTarget } from './use-cohorts.js';
import '../revenue/figures.css';
import './cohorts.css';

export function cohortView(search: string): { kind: CohortKind; span: CohortSpan } {
  const params = new URLSearchParams(search);
  const span = Number(params.get('span'));
  return {
    kind: params.get('kind') === 'revenue' ? 'revenue' : 'logo',
    span: (COHORT_SPANS as readonly number[]).includes(span) ? (span as CohortSpan) : 24,
  };
}

const KIND_TEXT: Record<CohortKind, { label: string; help: string }> = {
  logo: { label: 'Logo retention', help: 'Share of each cohort’s customers still paying, month by month after their first payment. Select a cell for its customers.' },
  revenue: { label: 'Revenue retention', help: 'Each cohort’s MRR as a share of its starting MRR; green above 100%, where expansion outweighs churn. Select a cell for its customers.' },
};

export function CohortsPage({ workspace, search, locale }: ScreenProps) {
  const { kind, span } = cohortView(search);
  const today = new Date().toISOString().slice(0, 10);
  const range = useMemo(() => cohortRange(span, new Date(`${today}T12:00:00Z`)), [span, today]);
  const logo = useCohorts(workspace.id, 'logo', range);
  const revenue = useCohorts(workspace.id, 'revenue', range);
  const shown = kind === 'logo' ? logo : revenue;
  const map = shown.data ? heatmap(shown.data, locale) : null;
  const curve = averageCurve(logo.data, revenue.data);
  const [cell, setCell] = useState<CohortCellTarget | null>(null);
  const close = useCallback(() => setCell(null), []);
  const cohortParams = { workspace: workspace.id, kind, from: range.from, to: range.to, maxAge: String(range.maxAge) };
  const open: OpenCell = (row, c) => setCell({ kind, cohort: row.cohort, age: c.age, label: `${row.label} cohort, M${c.age}` });

  return (
    <div className="screen cohorts-screen" data-testid="cohorts-screen">
      <section className="panel" data-testid="cohort-heatmap" aria-busy={shown.isPending || undefined}>
        <header className="panel-header">
          <div>
            <h2 className="panel-title">{KIND_TEXT[kind].label} by first-paid month</h2>
            <p className="panel-subtitle">{KIND_TEXT[kind].help}</p>
          </div>
          <div className="panel-actions">
            <div className="segmented" role="group" aria-label="Retention kind">
              {(['logo', 'revenue'] as const).map((k) => (
                <button key={k} type="button" className="segment" aria-pressed={k === kind} onClick={() => updateSearch({ kind: k === 'logo' ? undefined : k }, { replace: true })} data-testid={`cohort-kind-${k}`}>
                  {k === 'logo' ? 'Customers' : 'Revenue'}
                </button>
              ))}
            </div>
            <label className="inline-select">
              <span>Cohorts</span>
              <select value={span} onChange={(e) => updateSearch({ span: e.target.value === '24' ? undefined : e.target.value }, { replace: true })} data-testid="cohort-span">
                {COHORT_SPANS.map((s) => (
                  <option key={s} value={s}>
                    Last {s} months
                  </option>
                ))}
              </select>
            </label>
            {shown.data && <ExportMenu target={{ path: '/v1/metrics/cohorts', params: cohortParams }} title={`${KIND_TEXT[kind].label} by first-paid month`} testId="cohort-heatmap-export" />}
          </div>
        </header>
        <HeatmapLegend kind={kind} />
        {shown.isError ? (
          <ErrorNotice title="Could not load the cohorts" message={errorMessage(shown.error)} onRetry={() => void shown.refetch()} />
        ) : !map || !shown.data ? (
          <Skeleton height={480} />
        ) : map.rows.every((r) => r.customers === 0) ? (
          <p className="muted">No customer has paid yet: cohorts start with the first payment.</p>
        ) : (
          <HeatmapView map={map} currency={shown.data.currency} locale={locale} onOpen={open} />
        )}
      </section>

      <AverageCurve
        points={curve}
        loading={logo.isPending || revenue.isPending}
        error={logo.error ?? revenue.error}
        onRetry={() => (void logo.refetch(), void revenue.refetch())}
        locale={locale}
        minCohorts={logo.data?.minAverageCohorts ?? 3}
        exportTarget={{ path: '/v1/metrics/cohorts', params: { ...cohortParams, table: 'average' } }}
      />
      {cell ? <CohortCellPanel workspaceId={workspace.id} target={cell} onClose={close} locale={locale} /> : null}
    </div>
  );
}
