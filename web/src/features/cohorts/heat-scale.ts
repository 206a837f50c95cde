// The heatmap's colour scale. Retention 0 → 100% runs from the page surface to the full accent
// colour in 5% steps (CSS color-mix, so it follows the light and dark themes): darker is better.
// Revenue retention above 100% (net expansion) turns green, deeper up to 150%. Text turns light
// on dark cells.

export const SCALE_STOPS = [0, 0.25, 0.5, 0.75, 1] as const;
export const EXPANSION_STOPS = [1.25, 1.5] as const;

/** How much of the accent colour a cell gets, 8–100 (%), in steps of 5 above the floor. */
export function heatLevel(retention: number): number {
  const clamped = Math.min(1, Math.max(0, retention));
  return Math.max(8, Math.round((clamped * 100) / 5) * 5);
}

/** Above 100%: how much green, 35–100 (%), reaching full at 150%. */
export function expansionLevel(retention: number): number {
  const over = Math.min(0.5, Math.max(0, retention - 1));
  return 35 + Math.round((over / 0.5) * 13) * 5;
}

export type HeatStyle = { background: string; color: string; level: number; over: boolean };

export function heatStyle(retention: number | null): HeatStyle | null {
  if (retention === null || !Number.isFinite(retention)) return null;
  if (retention > 1.0049) {
    const level = expansionLevel(retention);
    return { background: `color-mix(in srgb, var(--heat-up) ${level}%, var(--surface))`, color: level >= 55 ? 'var(--heat-contrast)' : 'var(--text)', level, over: true };
  }
  const level = heatLevel(retention);
  return {
    background: `color-mix(in srgb, var(--heat) ${level}%, var(--surface))`,
    color: level >= 55 ? 'var(--heat-contrast)' : 'var(--text)',
    level,
    over: false,
  };
}
