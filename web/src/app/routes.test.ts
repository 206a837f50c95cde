import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.js';

describe('matchRoute', () => {
  it.each([
    ['/', 'overview'],
    ['', 'overview'],
    ['/index.html', 'overview'],
    ['//', 'overview'],
    ['/cohorts', 'not-found'],
    ['/v1/metrics', 'not-found'],
  ])('%j → %s', (path, id) => {
    expect(matchRoute(path).id).toBe(id);
  });
});
