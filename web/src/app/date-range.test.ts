import { describe, expect, it } from 'vitest';
import { comparisonBounds, comparisonLabel, parseRangeSelection, rangeLabel, rangeParams } from './date-range.js';
import { withParams } from './navigation.js';

const TODAY = '2026-03-15';

describe('parseRangeSelection', () => {
  it.each([
    ['', '12m', '2025-04-01', 'month'],
    ['?range=30d', '30d', '2026-02-14', 'day'],
    ['?range=90d', '90d', '2025-12-16', 'day'],
    ['?range=6m', '6m', '2025-10-01', 'month'],
    ['?range=ytd', 'ytd', '2026-01-01', 'day'],
    ['?range=24m', '24m', '2024-04-01', 'month'],
    ['?range=forever', '12m', '2025-04-01', 'month'],
  ])('%j → %s from %s', (search, preset, from, granularity) => {
    const { range, compare } = parseRangeSelection(search, TODAY);
    expect(range).toMatchObject({ preset, from, to: TODAY, granularity, endsToday: true });
    expect(compare).toBe('none');
  });

  it('reads a custom range and lists its months', () => {
    const { range } = parseRangeSelection('?from=2025-11-20&to=2026-01-10&compare=previous_year', TODAY);
    expect(range).toMatchObject({ preset: 'custom', from: '2025-11-20', to: '2026-01-10', endsToday: false, months: ['2025-11', '2025-12', '2026-01'] });
  });

  it.each([
    ['an impossible day', '?from=2025-02-30&to=2025-03-10'],
    ['from after to', '?from=2025-03-10&to=2025-03-01'],
    ['a range ending in the future', '?from=2026-03-01&to=2026-04-01'],
    ['half a range', '?from=2025-03-01'],
  ])('falls back to the default for %s', (_name, search) => {
    expect(parseRangeSelection(search, TODAY).range.preset).toBe('12m');
  });

  it('reads the comparison, ignoring anything unknown', () => {
    expect(parseRangeSelection('?compare=previous_period', TODAY).compare).toBe('previous_period');
    expect(parseRangeSelection('?compare=yesterday', TODAY).compare).toBe('none');
  });
});

describe('rangeParams', () => {
  it('writes short URLs: defaults are left out, a custom range replaces the preset', () => {
    expect(withParams('/', '?workspace=ws_1&range=30d', rangeParams({ preset: '12m', compare: 'none' }))).toBe('/?workspace=ws_1');
    expect(withParams('/', '?workspace=ws_1&range=30d', rangeParams({ preset: 'custom', from: '2025-01-01', to: '2025-02-01', compare: 'previous_year' }))).toBe(
      '/?workspace=ws_1&from=2025-01-01&to=2025-02-01&compare=previous_year',
    );
    expect(withParams('/', '?from=2025-01-01&to=2025-02-01', rangeParams({ preset: '90d', compare: 'none' }))).toBe('/?range=90d');
  });

  it('round-trips through the URL', () => {
    const search = withParams('/', '', rangeParams({ preset: 'custom', from: '2025-05-02', to: '2025-08-30', compare: 'previous_period' })).slice(1);
    const { range, compare } = parseRangeSelection(search, TODAY);
    expect([range.from, range.to, compare]).toEqual(['2025-05-02', '2025-08-30', 'previous_period']);
  });
});

describe('comparison', () => {
  it('is the same length just before, or the same days a year earlier (clamped to month ends)', () => {
    const { range } = parseRangeSelection('?from=2024-02-01&to=2024-02-29', TODAY);
    expect(comparisonBounds(range, 'previous_period')).toEqual({ from: '2024-01-03', to: '2024-01-31' });
    expect(comparisonBounds(range, 'previous_year')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(comparisonBounds(range, 'none')).toBeNull();
  });

  it('labels the range and the comparison', () => {
    const months = parseRangeSelection('', TODAY).range;
    expect(rangeLabel(months, 'en-US')).toBe('Last 12 months');
    expect(comparisonLabel(months, 'previous_year', 'en-US')).toBe('vs Apr 2024 – Mar 2025');
    const days = parseRangeSelection('?from=2026-01-05&to=2026-01-20', TODAY).range;
    expect(rangeLabel(days, 'en-US')).toBe('Jan 5, 2026 – Jan 20, 2026');
    expect(comparisonLabel(days, 'previous_period', 'en-US')).toBe('vs Dec 20, 2025 – Jan 4, 2026');
  });
});
