// One colour and one name per kind of MRR movement, everywhere: the trend chart's bars, the
// activity feed, explain lines, legends. Colours are chosen to read on light and dark surfaces
// and to stay apart for the common colour-vision deficiencies (green/red also differ in
// lightness, and bars carry their sign: gains above the axis, losses below).

export const MOVEMENT_KINDS = ['new', 'expansion', 'reactivation', 'contraction', 'churn', 'fx'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_STYLE: Record<MovementKind, { label: string; color: string; sign: 1 | -1 }> = {
  new: { label: 'New', color: '#16a34a', sign: 1 },
  expansion: { label: 'Expansion', color: '#2563eb', sign: 1 },
  reactivation: { label: 'Reactivation', color: '#0891b2', sign: 1 },
  contraction: { label: 'Contraction', color: '#f59e0b', sign: -1 },
  churn: { label: 'Churn', color: '#dc2626', sign: -1 },
  fx: { label: 'FX', color: '#94a3b8', sign: 1 },
};

/** The line of total MRR and the projection drawn over the bars. */
export const MRR_LINE_COLOR = '#6366f1';
export const FORECAST_COLOR = '#a5b4fc';

export function isMovementKind(value: string): value is MovementKind {
  return (MOVEMENT_KINDS as readonly string[]).includes(value);
}
