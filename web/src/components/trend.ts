// The direction of a figure against its comparison and whether that is good news, for the trend
// arrow on metric cards. Money and counts compare relatively ("+6.6%"); ratios compare in
// percentage points ("−0.4 pp"), since a churn rate going from 2% to 3% is not "+50%".
import { formatPercent } from '../lib/percent.js';

export type TrendDirection = 'up' | 'down' | 'flat';
export type TrendTone = 'good' | 'bad' | 'neutral';
export type Trend = { direction: TrendDirection; tone: TrendTone; label: string; change: number };

export type TrendOptions = {
  /** `relative` for money and counts, `points` for ratios. */
  mode: 'relative' | 'points';
  /** Churn going up is bad news. */
  higherIsBetter?: boolean;
  locale?: string;
};

/** Changes smaller than this (relative, or in points) read as flat. */
const FLAT = 0.0005;

export function trendBetween(current: number | null | undefined, previous: number | null | undefined, options: TrendOptions): Trend | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  let change: number;
  if (options.mode === 'points') change = current - previous;
  else if (previous === 0) return current === 0 ? { direction: 'flat', tone: 'neutral', label: '0%', change: 0 } : null;
  else change = (current - previous) / Math.abs(previous);
  const direction: TrendDirection = Math.abs(change) < FLAT ? 'flat' : change > 0 ? 'up' : 'down';
  const better = options.higherIsBetter ?? true;
  const tone: TrendTone = direction === 'flat' ? 'neutral' : (direction === 'up') === better ? 'good' : 'bad';
  const label =
    options.mode === 'points'
      ? `${formatPointChange(change, options.locale)} pp`
      : formatPercent(change, { locale: options.locale, digits: 1, signed: true });
  return { direction, tone, label, change };
}

function formatPointChange(change: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(change * 100);
}

export const TREND_ARROWS: Record<TrendDirection, string> = { up: '↑', down: '↓', flat: '→' };
