import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LiveIndicator } from './live-indicator.js';

describe('LiveIndicator', () => {
  it.each([
    ['live', 'Live', 'live-dot'],
    ['connecting', 'Connecting…', 'spinner'],
    ['syncing', 'Syncing…', 'spinner'],
    ['stale', 'Stale · updated 2h ago', 'live-dot'],
    ['error', 'Sync error · Stripe', 'live-dot'],
  ] as const)('%s shows "%s" with a %s', (state, label, icon) => {
    const html = renderToStaticMarkup(<LiveIndicator freshness={{ state, label }} />);
    expect(html).toContain('data-testid="live-status"');
    expect(html).toContain(`data-state="${state}"`);
    expect(html).toContain(`<span class="live-label">${label}</span>`);
    expect(html).toContain(`class="${icon}"`);
  });

  it('is a button that names the state when there are sources to list', () => {
    const html = renderToStaticMarkup(<LiveIndicator freshness={{ state: 'error', label: 'Sync error · Stripe', sources: [{ id: 's', name: 'Stripe', state: 'error', label: 'Error: key revoked' }] }} />);
    expect(html).toContain('<button');
    expect(html).toContain('aria-label="Data status: Sync error · Stripe. Show each source"');
    expect(html).toContain('aria-expanded="false"');
  });
});
