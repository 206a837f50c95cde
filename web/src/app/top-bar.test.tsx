import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LiveIndicator } from '../features/live/live-indicator.js';
import { NavBar, navHref } from './nav-bar.js';
import { matchRoute } from './routes.js';
import { TopBar } from './top-bar.js';

describe('TopBar', () => {
  it('names the product and the workspace and shows the live state', () => {
    const html = renderToStaticMarkup(<TopBar workspaceName="Demo" status={<LiveIndicator freshness={{ state: 'live', label: 'Live' }} />} />);
    expect(html).toContain('<span class="brand-name">Revpulse</span>');
    expect(html).toContain('data-testid="workspace-name">Demo</span>');
    expect(html).toContain('data-state="live"');
  });

  it('shows a placeholder while the workspace loads and no indicator without a workspace', () => {
    const html = renderToStaticMarkup(<TopBar workspaceName={undefined} />);
    expect(html).toContain('workspace-skeleton');
    expect(html).not.toContain('data-testid="live-status"');
  });
});

describe('NavBar', () => {
  it('marks the current screen and keeps the workspace and range in every link', () => {
    const html = renderToStaticMarkup(<NavBar current={matchRoute('/operations')} search="?workspace=ws_1&range=30d&compare=previous_year&q=x" />);
    expect(html).toContain('href="/?workspace=ws_1&amp;range=30d&amp;compare=previous_year"');
    expect(html).toMatch(/aria-current="page"[^>]*>Operations</);
    expect(html).toContain('href="/settings?workspace=ws_1"');
  });

  it('builds links without a query when there is nothing to keep', () => {
    expect(navHref(matchRoute('/operations'), '')).toBe('/operations');
    expect(navHref(matchRoute('/settings'), '?range=30d', 'ws_9')).toBe('/settings?workspace=ws_9');
  });
});
