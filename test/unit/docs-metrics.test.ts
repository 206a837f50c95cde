// docs/metrics.md is the contract: it must name every preset rule, every preset, every movement
// and every field of the monthly report the code produces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetRules } from '../../src/core/presets.js';

const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');

describe('docs/metrics.md', () => {
  it('documents every preset rule with its value in each preset', () => {
    const table = doc.slice(doc.indexOf('## 6. Presets at a glance'));
    for (const name of PRESET_NAMES) expect(table).toContain(name);
    for (const rule of Object.keys(presetRules('default')).filter((k) => k !== 'name')) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${rule}\``));
      expect(row, rule).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      PRESET_NAMES.forEach((preset, i) => {
        const value = String(presetRules(preset)[rule as keyof ReturnType<typeof presetRules>]);
        expect(cells[i + 2], `${rule} for ${preset}`).toContain(value);
      });
    }
  });

  it('defines every movement and every field of the monthly report', () => {
    for (const word of ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx', 'mrr', 'arr', 'arpa', 'customers']) {
      expect(doc).toMatch(new RegExp(`\`${word}\``));
    }
    expect(doc).toContain('MRR(end of period) − MRR(end of previous period) = new + expansion + contraction + churn + reactivation + fx');
  });

  it('compares each area with Stripe and ChartMogul', () => {
    const sections = doc.split(/\n## (?=\d+\.)/).slice(1);
    expect(sections.length).toBeGreaterThanOrEqual(13);
    const compared = sections.filter((s) => /Stripe/.test(s) && /ChartMogul/.test(s));
    expect(compared.length).toBeGreaterThanOrEqual(10);
  });
});
