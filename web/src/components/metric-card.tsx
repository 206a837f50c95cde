// The figure card of every screen: a label, the value, a trend arrow against the comparison and
// a sparkline. When `onExplain` is given the value is a button that opens the explain panel.
import type { ReactNode } from 'react';
import { Sparkline } from './sparkline.js';
import { Skeleton } from './skeleton.js';
import { TREND_ARROWS, type Trend } from './trend.js';

export type MetricCardProps = {
  testId: string;
  label: string;
  /** Undefined while loading. */
  value: string | undefined;
  /** A second line under the value ("of $49,000 target"). */
  detail?: ReactNode;
  trend?: Trend | null;
  /** What the trend compares with ("vs last month"). */
  trendCaption?: string;
  spark?: { values: ReadonlyArray<number | null>; label: string } | null;
  onExplain?: () => void;
  /** Shown in place of the value when the figure is undefined ("not enough history"). */
  unavailable?: string | null;
  /** Briefly highlights the card when a live update changed it. */
  flash?: boolean;
  children?: ReactNode;
  size?: 'large' | 'normal';
  /** The figure's name across screens (data-figure): the cross-screen test reads every screen's
   *  figures by it and checks a figure shown twice reads the same. */
  figure?: string;
};

export function MetricCard(props: MetricCardProps) {
  const { testId, label, value, detail, trend, trendCaption, spark, onExplain, unavailable, flash, children, size = 'normal', figure } = props;
  const labelId = `${testId}-label`;
  const loading = value === undefined && !unavailable;
  const shown = value ?? unavailable ?? '';
  return (
    <section className="metric-card" data-size={size} data-testid={testId} aria-labelledby={labelId} aria-busy={loading || undefined} data-changed={flash ? 'true' : undefined}>
      <h3 id={labelId} className="metric-label">
        {label}
      </h3>
      {loading ? (
        <Skeleton className="metric-value-skeleton" height={size === 'large' ? 40 : 34} width="70%" />
      ) : onExplain && value !== undefined ? (
        <button type="button" className="metric-value metric-value-button" data-testid="metric-value" data-figure={figure} onClick={onExplain} aria-label={`${label}: ${shown}. Explain this figure`}>
          {shown}
        </button>
      ) : (
        <p className={`metric-value${value === undefined ? ' metric-value-unavailable' : ''}`} data-testid="metric-value" data-figure={value === undefined ? undefined : figure}>
          {shown}
        </p>
      )}
      {detail && <div className="metric-detail">{detail}</div>}
      <div className="metric-footer">
        {trend ? (
          <span className="trend" data-testid="metric-trend" data-direction={trend.direction} data-tone={trend.tone}>
            <span aria-hidden="true">{TREND_ARROWS[trend.direction]}</span> {trend.label}
            {trendCaption && <span className="trend-caption"> {trendCaption}</span>}
          </span>
        ) : (
          <span className="trend trend-empty">{loading ? '' : trendCaption ? 'No comparison yet' : ''}</span>
        )}
        {spark && <Sparkline values={spark.values} label={spark.label} tone={trend?.tone ?? 'neutral'} />}
      </div>
      {children}
    </section>
  );
}
