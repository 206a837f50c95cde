import { describe, expect, it } from 'vitest';
import { addMonths, eachMonth, firstDayOf, formatDay, formatMonth, lastDayOf, monthOf, utcDay } from './calendar.js';
import { formatPercent } from './percent.js';

describe('calendar', () => {
  it.each([
    ['2025-01', 1, '2025-02'],
    ['2025-12', 1, '2026-01'],
    ['2025-01', -1, '2024-12'],
    ['2025-03', -27, '2022-12'],
    ['2025-03', 0, '2025-03'],
  ])('%s + %i months = %s', (month, n, expected) => expect(addMonths(month, n)).toBe(expected));

  it.each([
    ['2024-02', '2024-02-29'],
    ['2025-02', '2025-02-28'],
    ['2025-04', '2025-04-30'],
    ['2025-12', '2025-12-31'],
  ])('the last day of %s is %s', (month, day) => expect(lastDayOf(month)).toBe(day));

  it('lists months inclusively and reads the UTC day', () => {
    expect(eachMonth('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(eachMonth('2025-02', '2025-01')).toEqual([]);
    expect(firstDayOf('2025-07')).toBe('2025-07-01');
    expect(monthOf('2025-07-19')).toBe('2025-07');
    expect(utcDay(new Date('2025-07-19T23:30:00-05:00'))).toBe('2025-07-20');
  });

  it('labels months and days in UTC whatever the local zone', () => {
    expect(formatMonth('2025-03', 'en-US')).toBe('Mar 2025');
    expect(formatMonth('2025-03', 'en-US', 'long')).toBe('March 2025');
    expect(formatDay('2025-03-01', 'en-US')).toBe('Mar 1, 2025');
    expect(() => formatMonth('2025-3')).toThrow(/not a month/);
    expect(() => formatDay('2025-02-30')).toThrow(/not a calendar day/);
  });

  it('formats ratios as percentages, null as a dash', () => {
    expect(formatPercent(0.125, { locale: 'en-US' })).toBe('12.5%');
    expect(formatPercent(1.04, { locale: 'en-US', digits: 0 })).toBe('104%');
    expect(formatPercent(-0.031, { locale: 'en-US', signed: true })).toBe('-3.1%');
    expect(formatPercent(null)).toBe('—');
  });
});
