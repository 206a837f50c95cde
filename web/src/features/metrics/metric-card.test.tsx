import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { summaryFixture } from './fixtures.js';
import { MetricGrid } from './metric-grid.js';
import { formatMetricValue, METRICS } from './metric-defs.js';

/** The opening tag and inner HTML of the element carrying `data-testid="<id>"`. */
function byTestId(html: string, id: string): { tag: string; inner: string } {
  const match = new RegExp(`<(\\w+)([^>]*data-testid="${id}"[^>]*)>(.*?)</\\1>`, 's').exec(html);
  if (!match) throw new Error(`no element with data-testid="${id}" in ${html}`);
  return { tag: `<${match[1]}${match[2]}>`, inner: match[3] ?? '' };
}

describe('MetricGrid', () => {
  const figures = summaryFixture({ mrr: 1_284_700, arr: 15_416_400, payingCustomers: 1_312, arpa: 97_919 });
  const html = renderToStaticMarkup(<MetricGrid figures={figures} locale="en-US" />);

  it.each([
    ['metric-mrr', 'MRR', '$12,847.00'],
    ['metric-arr', 'ARR', '$154,164.00'],
    ['metric-customers', 'Paying customers', '1,312'],
    ['metric-arpa', 'ARPA', '$979.19'],
  ])('%s is a labelled section showing %s = %s', (testId, label, value) => {
    const card = byTestId(html, testId);
    expect(card.tag.startsWith('<section')).toBe(true);
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(card.tag)?.[1];
    expect(labelledBy).toBeDefined();
    expect(card.inner).toContain(`<h2 id="${labelledBy}" class="metric-label">${label}</h2>`);
    expect(byTestId(card.inner, 'metric-value').inner).toBe(value);
  });

  it('gives every card a unique label id', () => {
    const ids = [...html.matchAll(/aria-labelledby="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(4);
  });

  it('formats by the currency exponent (JPY has no decimals, KWD three)', () => {
    const jpy = renderToStaticMarkup(<MetricGrid figures={summaryFixture({ currency: 'jpy', mrr: 1_284_700 })} locale="en-US" />);
    expect(byTestId(byTestId(jpy, 'metric-mrr').inner, 'metric-value').inner).toBe('¥1,284,700');
    const kwd = renderToStaticMarkup(<MetricGrid figures={summaryFixture({ currency: 'kwd', mrr: 1_284_700 })} locale="en-US" />);
    expect(byTestId(byTestId(kwd, 'metric-mrr').inner, 'metric-value').inner).toBe('KWD\u00a01,284.700');
  });

  it('shows skeletons and no values while loading', () => {
    const loading = renderToStaticMarkup(<MetricGrid figures={undefined} />);
    expect(loading).not.toContain('data-testid="metric-value"');
    expect(loading.match(/aria-busy="true"/g)).toHaveLength(4);
    expect(loading.match(/class="skeleton metric-value-skeleton"/g)).toHaveLength(4);
  });
});

describe('formatMetricValue', () => {
  it('formats counts as plain numbers whatever the currency', () => {
    const customers = METRICS.find((m) => m.key === 'customers')!;
    expect(formatMetricValue(customers, 1000, 'kwd', 'en-US')).toBe('1,000');
  });
});
