import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartFrame } from './chart-frame.js';
import { ConnectStripeEmptyState } from './empty-state.js';
import { MetricCard } from './metric-card.js';
import { sparkPath } from './sparkline-path.js';
import { trendBetween } from './trend.js';

describe('MetricCard', () => {
  it('is a skeleton while loading', () => {
    const html = renderToStaticMarkup(<MetricCard testId="metric-mrr" label="MRR" value={undefined} />);
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain('data-testid="metric-value"');
  });

  it('makes the value a named button that explains it, with the trend and a described sparkline', () => {
    const html = renderToStaticMarkup(
      <MetricCard testId="metric-mrr" label="MRR" value="$12,847.00" trend={trendBetween(110, 100, { mode: 'relative', locale: 'en-US' })} trendCaption="vs last month" spark={{ values: [1, 2, 3], label: 'MRR by month' }} onExplain={() => undefined} />,
    );
    expect(html).toContain('aria-label="MRR: $12,847.00. Explain this figure"');
    expect(html).toContain('data-tone="good"');
    expect(html).toContain('+10.0%');
    expect(html).toContain('role="img" aria-label="MRR by month"');
  });

  it('says why a figure is missing', () => {
    const html = renderToStaticMarkup(<MetricCard testId="metric-nrr" label="NRR" value={undefined} unavailable="Not enough history" />);
    expect(html).toContain('Not enough history');
    expect(html).not.toContain('aria-busy');
  });
});

describe('ChartFrame', () => {
  it('describes the chart for screen readers and keeps the numbers in a hidden table', () => {
    const html = renderToStaticMarkup(
      <ChartFrame title="Revenue trend" testId="t" summary="MRR rose." table={<table />}>
        <svg />
      </ChartFrame>,
    );
    expect(html).toContain('role="img" aria-label="Revenue trend. MRR rose."');
    expect(html).toContain('class="visually-hidden"><table>');
  });

  it('shows the error with a retry instead of the chart', () => {
    const html = renderToStaticMarkup(
      <ChartFrame title="Revenue trend" testId="t" summary="" error={new Error('boom')} onRetry={() => undefined}>
        <svg />
      </ChartFrame>,
    );
    expect(html).toContain('Could not load revenue trend');
    expect(html).toContain('Try again');
    expect(html).not.toContain('<svg');
  });
});

describe('ConnectStripeEmptyState', () => {
  it('explains how to connect Stripe and where the webhook goes', () => {
    const html = renderToStaticMarkup(<ConnectStripeEmptyState origin="https://rp.example.com" settingsHref="/settings/sources?workspace=ws_1" />);
    expect(html).toContain('No revenue data yet');
    expect(html).toContain('https://rp.example.com/webhooks/stripe/src_…');
    expect(html).toContain('href="/settings/sources?workspace=ws_1"');
  });
});

describe('trendBetween', () => {
  it.each([
    [110, 100, 'relative', true, 'up', 'good', '+10.0%'],
    [0.03, 0.02, 'points', false, 'up', 'bad', '+1.0 pp'],
    [0.02, 0.03, 'points', false, 'down', 'good', '-1.0 pp'],
    [100, 100, 'relative', true, 'flat', 'neutral', '0.0%'],
  ] as const)('%d vs %d (%s)', (current, previous, mode, higherIsBetter, direction, tone, label) => {
    expect(trendBetween(current, previous, { mode, higherIsBetter, locale: 'en-US' })).toMatchObject({ direction, tone, label });
  });

  it('has no trend without both figures, or from zero', () => {
    expect(trendBetween(null, 1, { mode: 'relative' })).toBeNull();
    expect(trendBetween(5, 0, { mode: 'relative' })).toBeNull();
  });
});

describe('sparkPath', () => {
  it('spans the width, keeps the stroke inside and breaks at gaps', () => {
    const { line, last } = sparkPath([0, 10, null, 5], 100, 20, 2);
    expect(line).toBe('M2,18L34,2M98,10');
    expect(last).toEqual({ x: 98, y: 10 });
    expect(sparkPath([], 100, 20).line).toBe('');
    expect(sparkPath([3, 3], 100, 20).line).toBe('M2,10L98,10');
  });
});
