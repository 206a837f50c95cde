import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { summaryFixture } from '../features/metrics/fixtures.js';
import { ApiError } from '../lib/api-client.js';
import { OverviewPage, type SummaryView } from './overview-page.js';

const NOW = Date.parse('2026-01-15T12:00:00.000Z');
const retry = () => undefined;

function render(summary: Partial<SummaryView>): string {
  return renderToStaticMarkup(
    <OverviewPage summary={{ data: undefined, error: null, retry, ...summary }} now={NOW} origin="https://rp.example.com" locale="en-US" />,
  );
}

describe('OverviewPage', () => {
  it('shows skeleton cards while loading', () => {
    const html = render({});
    expect(html).toContain('data-testid="metric-mrr"');
    expect(html).not.toContain('data-testid="metric-value"');
    expect(html).not.toContain('data-testid="error"');
  });

  it('shows the four figures and when the last event happened', () => {
    const html = render({ data: summaryFixture({ mrr: 1_284_700, lastEventAt: '2026-01-15T11:57:00.000Z' }) });
    expect(html).toContain('$12,847.00');
    expect(html).toContain('Figures in USD · last event 3m ago');
  });

  it('explains how to connect Stripe when the workspace has no data', () => {
    const html = render({ data: summaryFixture({ lastEventAt: null, mrr: 0, arr: 0, arpa: 0, payingCustomers: 0 }) });
    expect(html).toContain('data-testid="empty-state"');
    expect(html).toContain('https://rp.example.com/webhooks/stripe/&lt;source id&gt;');
    expect(html).not.toContain('data-testid="metric-mrr"');
  });

  it('shows the API error message instead of cards when nothing could be loaded', () => {
    const html = render({ error: new ApiError(404, 'workspace_not_found', 'No workspace ws_9.') });
    expect(html).toContain('role="alert"');
    expect(html).toContain('No workspace ws_9.');
    expect(html).toContain('Could not load the figures');
    expect(html).not.toContain('data-testid="metric-mrr"');
  });

  it('keeps the last figures on screen when a refresh fails', () => {
    const html = render({ data: summaryFixture(), error: new ApiError(0, 'network_error', 'Could not reach the Revpulse server.') });
    expect(html).toContain('Could not refresh the figures');
    expect(html).toContain('data-testid="metric-value"');
  });
});
