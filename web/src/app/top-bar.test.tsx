import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TopBar } from './top-bar.js';

describe('TopBar', () => {
  it('names the product and the workspace and shows the live state', () => {
    const html = renderToStaticMarkup(<TopBar workspaceName="Demo" freshness={{ state: 'live', label: 'Live' }} />);
    expect(html).toContain('<span class="brand-name">Revpulse</span>');
    expect(html).toContain('data-testid="workspace-name">Demo</span>');
    expect(html).toContain('data-state="live"');
  });

  it('shows a placeholder while the workspace loads and no indicator without a workspace', () => {
    const html = renderToStaticMarkup(<TopBar workspaceName={undefined} freshness={null} />);
    expect(html).toContain('workspace-skeleton');
    expect(html).not.toContain('data-testid="live-status"');
  });
});
