import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LiveIndicator } from './live-indicator.js';

describe('LiveIndicator', () => {
  it.each([
    ['live', 'Live', 'live-dot'],
    ['connecting', 'Connecting…', 'spinner'],
    ['stale', 'Stale · updated 2h ago', 'live-dot'],
  ] as const)('%s shows "%s" with a %s', (state, label, icon) => {
    const html = renderToStaticMarkup(<LiveIndicator freshness={{ state, label }} />);
    expect(html).toContain('data-testid="live-status"');
    expect(html).toContain(`data-state="${state}"`);
    expect(html).toContain(`<span class="live-label">${label}</span>`);
    expect(html).toContain(`class="${icon}"`);
  });
});
