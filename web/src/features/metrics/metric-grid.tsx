import { MetricCard } from './metric-card.js';
import { METRICS } from './metric-defs.js';
import type { MetricFigures } from './summary.js';

export function MetricGrid({ figures, locale }: { figures: MetricFigures | undefined; locale?: string }) {
  return (
    <div className="metric-grid">
      {METRICS.map((def) => (
        <MetricCard key={def.key} def={def} figures={figures} locale={locale} />
      ))}
    </div>
  );
}
