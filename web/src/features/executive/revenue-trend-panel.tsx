// The revenue trend panel: the chart, the selected month's movements (each opens the explain
// panel), and the annotations pinned to the chart with their editor.
import { useState } from 'react';
import { ChartFrame, LegendItem } from '../../components/chart-frame.js';
import type { ExportTarget } from '../../components/export-menu.js';
import { useExplainer } from '../../components/explain/explain-context.js';
import { FORECAST_COLOR, MOVEMENT_STYLE, MRR_LINE_COLOR } from '../../components/movement-kinds.js';
import { firstDayOf, formatMonth, lastDayOf } from '../../lib/calendar.js';
import { formatMoney, formatMoneyChange } from '../../lib/format.js';
import { formatMonthShort } from '../../components/chart-format.js';
import type { Annotation } from './annotations-api.js';
import { AnnotationList } from './annotation-list.js';
import { BAR_KINDS, COMPARE_COLOR, RevenueTrendChart } from './revenue-trend-chart.js';
import { annotationMarkers, describeTrend, type TrendRow } from './revenue-trend.js';

export type RevenueTrendPanelProps = {
  workspaceId: string;
  rows: TrendRow[] | undefined;
  annotations: Annotation[];
  currency: string | undefined;
  today: string;
  canEdit: boolean;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  locale?: string;
  /** Set when comparing: the name of the comparison line. */
  compareLabel?: string | null;
  /** The trend's months as a file (the movements route over the range). */
  exportTarget?: ExportTarget;
};

export function RevenueTrendPanel({ workspaceId, rows, annotations, currency, today, canEdit, loading, error, onRetry, locale, compareLabel = null, exportTarget }: RevenueTrendPanelProps) {
  const explain = useExplainer();
  const actual = rows?.filter((r) => r.mrr !== undefined) ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const selected = actual.find((r) => r.month === picked) ?? actual.at(-1) ?? null;
  const numbered = annotations.map((a, i) => ({ ...a, number: i + 1 }));
  const markers = annotationMarkers(numbered);
  const money = (v: number) => (currency ? formatMoney(v, currency, locale) : '');
  const hasProjection = rows?.some((r) => r.mrr === undefined && r.projected !== undefined) ?? false;

  const legend = (
    <>
      <LegendItem color={MRR_LINE_COLOR} label="MRR" shape="line" />
      {compareLabel && <LegendItem color={COMPARE_COLOR} label={compareLabel} shape="line" />}
      {hasProjection && <LegendItem color={FORECAST_COLOR} label="Projection (80% band)" shape="band" />}
      {BAR_KINDS.map((k) => (
        <LegendItem key={k} color={MOVEMENT_STYLE[k].color} label={MOVEMENT_STYLE[k].label} />
      ))}
    </>
  );

  const table = rows && currency && (
    <table>
      <caption>MRR and movements by month</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">MRR</th>
          {BAR_KINDS.map((k) => (
            <th key={k} scope="col">
              {MOVEMENT_STYLE[k].label}
            </th>
          ))}
          <th scope="col">Projected</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.month}>
            <th scope="row">{formatMonth(r.month, locale)}</th>
            <td>{r.mrr === undefined ? '' : money(r.mrr)}</td>
            {BAR_KINDS.map((k) => (
              <td key={k}>{r[k] === undefined ? '' : money(r[k])}</td>
            ))}
            <td>{r.projected === undefined ? '' : `${money(r.projected)} (${money(r.band![0])} – ${money(r.band![1])})`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  const monthEnd = (month: string) => (lastDayOf(month) < today ? lastDayOf(month) : today);
  return (
    <ChartFrame
      title="Revenue trend"
      testId="revenue-trend"
      export={exportTarget}
      subtitle={`MRR at each month’s end (left scale) over the month’s movements (right scale)${hasProjection ? ', with a 6-month projection' : ''}`}
      legend={legend}
      loading={loading && !rows}
      error={rows ? null : error}
      onRetry={onRetry}
      empty={rows && actual.length === 0 ? <p className="muted">No revenue in this range yet.</p> : undefined}
      summary={rows && currency ? describeTrend(rows, money, (m) => formatMonth(m, locale, 'long')) : ''}
      table={table}
      height={340}
      footer={
        <>
          {selected && currency && (
            <div className="month-breakdown" data-testid="month-breakdown">
              <p className="month-breakdown-title">
                {formatMonth(selected.month, locale, 'long')}
                {selected.partial ? ' so far' : ''}: <strong>{formatMoneyChange(selected.netNew ?? 0, currency, locale)}</strong> net new MRR
                <span className="muted"> · pick a month on the chart to see it here</span>
              </p>
              <ul className="chip-row">
                {BAR_KINDS.map((kind) => (
                  <li key={kind}>
                    <button
                      type="button"
                      className="movement-chip"
                      style={{ ['--chip-color' as string]: MOVEMENT_STYLE[kind].color }}
                      data-testid={`movement-${kind}`}
                      onClick={() => explain({ metric: kind, from: firstDayOf(selected.month), to: monthEnd(selected.month), title: `${MOVEMENT_STYLE[kind].label} MRR, ${formatMonth(selected.month, locale, 'long')}` })}
                    >
                      <span className="movement-chip-label">{MOVEMENT_STYLE[kind].label}</span>
                      <span className="movement-chip-value" data-figure={`${kind}@${selected.month}`}>{formatMoneyChange(selected[kind] ?? 0, currency, locale)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <AnnotationList workspaceId={workspaceId} annotations={numbered} canEdit={canEdit} today={today} locale={locale} monthLabel={(m) => formatMonthShort(m, locale)} />
        </>
      }
    >
      {rows && currency && <RevenueTrendChart rows={rows} currency={currency} locale={locale} selected={selected?.month ?? null} onSelect={setPicked} markers={markers} compareLabel={compareLabel} />}
    </ChartFrame>
  );
}
