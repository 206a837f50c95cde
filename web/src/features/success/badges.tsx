// A health score with its band, and a churn probability with its level, as small badges: the
// at-risk list, the customers table, segments and the customer page show them alike.
import type { HealthBand } from '@read/customers/contract.js';
import { formatProbability, formatScore } from '../../lib/format.js';
import { BAND_LABELS } from './success-view.js';

/** low < 0.15 ≤ medium < 0.40 ≤ high, as the risk read view bands them (src/read/risk/contract.ts). */
export function riskLevel(p: number): 'low' | 'medium' | 'high' {
  return p < 0.15 ? 'low' : p < 0.4 ? 'medium' : 'high';
}

export function HealthBadge({ score, band, partial, locale }: { score: number | null; band: HealthBand | null; partial: boolean; locale?: string }) {
  const label = `${band ? BAND_LABELS[band] : 'Not scored'}${score === null ? '' : ` (${formatScore(score, { locale })})`}${partial ? ', partial: some components had no data' : ''}`;
  return (
    <span className="health-badge" data-band={band ?? 'none'} title={label} aria-label={`Health ${label}`} data-testid="health-badge">
      {formatScore(score, { locale })}
      {partial && <span aria-hidden="true">*</span>}
    </span>
  );
}

export function RiskBadge({ probability, locale }: { probability: number; locale?: string }) {
  const level = riskLevel(probability);
  return (
    <span className="risk-badge" data-level={level} title={`Churn risk ${level}`} data-testid="risk-badge">
      {formatProbability(probability, locale)}
    </span>
  );
}
