import { formatMetricChange, formatMetricValue, type MetricDef } from './metric-defs.js';
import type { MetricFigures } from './summary.js';
import { useChangeFlash } from './use-change-flash.js';

export type MetricCardProps = {
  def: MetricDef;
  /** Undefined while loading: the card shows a skeleton. */
  figures: MetricFigures | undefined;
  locale?: string;
};

export function MetricCard({ def, figures, locale }: MetricCardProps) {
  const value = figures ? def.read(figures) : undefined;
  const flash = useChangeFlash(value, figures?.currency);
  const labelId = `${def.testId}-label`;

  return (
    <section
      className="metric-card"
      aria-labelledby={labelId}
      aria-busy={figures ? undefined : true}
      data-testid={def.testId}
      data-changed={flash ? 'true' : undefined}
    >
      {flash && <span key={flash.id} className="metric-flash" aria-hidden="true" />}
      <h2 id={labelId} className="metric-label">
        {def.label}
      </h2>
      {figures && value !== undefined ? (
        <p className="metric-value" data-testid="metric-value">
          {formatMetricValue(def, value, figures.currency, locale)}
        </p>
      ) : (
        <div className="skeleton metric-value-skeleton" aria-hidden="true" />
      )}
      <p className="metric-description">
        {def.description}
        {flash && flash.delta !== null && figures && (
          <span key={flash.id} className="metric-delta" data-testid="metric-delta" data-direction={flash.delta > 0 ? 'up' : 'down'}>
            {formatMetricChange(def, flash.delta, figures.currency, locale)}
          </span>
        )}
      </p>
    </section>
  );
}
