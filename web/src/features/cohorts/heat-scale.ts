// The heatmap's colour scale. Retention 0 → 100% runs from the page surface to the full accent
// colour in 5% steps (CSS color-mix, so it follows the light and dark themes): darker is better.
// Revenue retention above 100% (net expansion) turns green, deeper up to 150%.
//
// Every cell's text meets WCAG AA (4.5:1) in both themes: below DARK_FROM the page's text colour
// is used, from it on the contrast colour. Between the two there is a band of mixes where neither
// reaches 4.5:1 (levels 70 and 75 with the theme colours in cohorts.css), so the scale steps over
// it; expansion cells start at DARK_FROM. test/unit/web/cohort-heat-contrast.test.ts checks every level.

export const SCALE_STOPS = [0, 0.25, 0.5, 0.75, 1] as const;
export const EXPANSION_STOPS = [1.25, 1.5] as const;

/** From this level on, a cell's text is the contrast colour. */
export const DARK_FROM = 80;
/** The highest level still read with the page's text colour. */
export const LIGHT_UNTIL = 65;

/** How much of the accent colour a cell gets, 8–100 (%), in steps of 5, skipping 70 and 75. */
export function heatLevel(retention: number): number {
  const clamped = Math.min(1, Math.max(0, retention));
  const level = Math.max(8, Math.round((clamped * 100) / 5) * 5);
  if (level > LIGHT_UNTIL && level < DARK_FROM) return level < (LIGHT_UNTIL + DARK_FROM) / 2 ? LIGHT_UNTIL : DARK_FROM;
  return level;
}

/** Above 100%: how much green, DARK_FROM–100 (%), reaching full at 150%. */
export function expansionLevel(retention: number): number {
  const over = Math.min(0.5, Math.max(0, retention - 1));
  const steps = (100 - DARK_FROM) / 5;
  return DARK_FROM + Math.round((over / 0.5) * steps) * 5;
}

export type HeatStyle = { background: string; color: string; level: number; over: boolean };

export function heatStyle(retention: number | null): HeatStyle | null {
  if (retention === null || !Number.isFinite(retention)) return null;
  if (retention > 1.0049) {
    const level = expansionLevel(retention);
    return { background: `color-mix(in srgb, var(--heat-up) ${level}%, var(--surface))`, color: 'var(--heat-contrast)', level, over: true };
  }
  const level = heatLevel(retention);
  return {
    background: `color-mix(in srgb, var(--heat) ${level}%, var(--surface))`,
    color: level >= DARK_FROM ? 'var(--heat-contrast)' : 'var(--text)',
    level,
    over: false,
  };
}
