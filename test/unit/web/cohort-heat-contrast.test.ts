// WCAG AA for the cohort heatmap: every background the heat scale can give a cell (CSS
// color-mix in srgb of the theme's heat colour and the surface), with the text colour it picks,
// reaches 4.5:1 — in the light and the dark theme, colours read from the stylesheets themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heatStyle } from '../../../web/src/features/cohorts/heat-scale.js';

const css = (path: string) => readFileSync(new URL(`../../../web/src/${path}`, import.meta.url), 'utf8');
const tokens = css('styles/tokens.css');
const cohorts = css('features/cohorts/cohorts.css');

/** The custom properties of the light (:root outside any media query) and the dark theme. */
function theme(source: string, dark: boolean): Record<string, string> {
  const at = source.indexOf('@media (prefers-color-scheme: dark)');
  const part = dark ? source.slice(at) : source.slice(0, at);
  return Object.fromEntries([...part.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!]));
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const channel = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const luminance = (c: number[]) => 0.2126 * channel(c[0]!) + 0.7152 * channel(c[1]!) + 0.0722 * channel(c[2]!);
const contrast = (a: number[], b: number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe.each([false, true])('cohort heatmap text contrast (dark theme: %s)', (dark) => {
  const colours = { ...theme(tokens, dark), ...theme(cohorts, dark) };
  const value = (name: string) => {
    const hex = colours[name];
    expect(hex, name).toMatch(/^#[0-9a-f]{6}$/i);
    return rgb(hex!);
  };

  it('every cell the scale can colour reads at 4.5:1 or more', () => {
    const checked = new Set<string>();
    for (let r = 0; r <= 1.6; r += 0.0025) {
      const style = heatStyle(r)!;
      const accent = value(style.over ? '--heat-up' : '--heat');
      const surface = value('--surface');
      const background = accent.map((c, i) => (c * style.level + surface[i]! * (100 - style.level)) / 100);
      const text = value(style.color === 'var(--text)' ? '--text' : '--heat-contrast');
      checked.add(`${style.over}|${style.level}`);
      expect(contrast(background, text), `retention ${r.toFixed(4)}: level ${style.level}${style.over ? ' (expansion)' : ''}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(checked.size).toBeGreaterThan(20);
  });
});
