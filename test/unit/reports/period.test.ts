// Report periods: keys parsed per granularity (ISO weeks across year ends, W53 only in the years
// that have one), the last complete period, the period to date and its like-for-like comparison,
// and a period in the future refused with a message naming it.
import { describe, expect, it } from 'vitest';
import { asOf } from '../../../src/read/clock.js';
import { lastCompletePeriod, parseReportPeriod, previousPeriod, ReportPeriodError, resolveReportPeriod, shortLabel, spanLabel } from '../../../src/reports/period.js';

describe('parseReportPeriod', () => {
  it.each([
    ['day', '2026-12-01', '2026-12-01', '2026-12-01', '1 Dec 2026'],
    ['day', ' 2024-02-29 ', '2024-02-29', '2024-02-29', '29 Feb 2024'],
    ['week', '2026-W48', '2026-11-23', '2026-11-29', 'Week 48, 23 Nov 2026 – 29 Nov 2026'],
    // ISO week 1 of 2025 starts on Monday 30 Dec 2024; week 1 of 2021 on 4 Jan 2021.
    ['week', '2025-W01', '2024-12-30', '2025-01-05', 'Week 01, 30 Dec 2024 – 5 Jan 2025'],
    ['week', '2021-W01', '2021-01-04', '2021-01-10', 'Week 01, 4 Jan 2021 – 10 Jan 2021'],
    // 2020 and 2026 have 53 ISO weeks (they start or, in a leap year, end on a Thursday).
    ['week', '2020-W53', '2020-12-28', '2021-01-03', 'Week 53, 28 Dec 2020 – 3 Jan 2021'],
    ['week', '2026-W53', '2026-12-28', '2027-01-03', 'Week 53, 28 Dec 2026 – 3 Jan 2027'],
    ['month', '2024-02', '2024-02-01', '2024-02-29', 'February 2024'],
    ['month', '2026-11', '2026-11-01', '2026-11-30', 'November 2026'],
    ['quarter', '2026-Q4', '2026-10-01', '2026-12-31', 'Q4 2026'],
  ] as const)('%s %s', (granularity, key, from, to, label) => {
    expect(parseReportPeriod(granularity, key)).toEqual({ key: key.trim(), label, from, to });
  });

  it.each([
    ['week', '2025-W53'], ['week', '2024-W53'], ['week', '2026-W00'], ['week', '2026-W5'], ['week', '2026-48'],
    ['month', '2026-13'], ['month', '2026-1'], ['month', '2026-11-01'], ['day', '2026-02-29'], ['day', '2026-12-1'], ['day', 'yesterday'],
    ['quarter', '2026-Q5'],
  ] as const)('refuses %s "%s", naming the expected shape', (granularity, key) => {
    expect(() => parseReportPeriod(granularity, key)).toThrow(ReportPeriodError);
    expect(() => parseReportPeriod(granularity, key)).toThrow(new RegExp(`^period "${key}" is not a ${granularity}: expected `));
  });

  it('walks back across a year end', () => {
    expect(previousPeriod('week', parseReportPeriod('week', '2025-W01')).key).toBe('2024-W52');
    expect(previousPeriod('week', parseReportPeriod('week', '2021-W01')).key).toBe('2020-W53');
    expect(previousPeriod('month', parseReportPeriod('month', '2026-01')).key).toBe('2025-12');
  });
});

describe('lastCompletePeriod and resolveReportPeriod', () => {
  const at = asOf(new Date('2026-12-02T07:30:00Z')); // a Wednesday

  it('defaults to the last period over before the as-of day', () => {
    expect(lastCompletePeriod('day', at.at).key).toBe('2026-12-01');
    expect(lastCompletePeriod('week', at.at).key).toBe('2026-W48');
    expect(lastCompletePeriod('month', at.at).key).toBe('2026-11');
    expect(resolveReportPeriod('month', undefined, at)).toMatchObject({ period: { key: '2026-11', to: '2026-11-30' }, previous: { key: '2026-10', from: '2026-10-01', to: '2026-10-31', label: 'October 2026' }, toDate: false });
  });

  it('reports a running period to date, compared with the same days of the one before', () => {
    const week = resolveReportPeriod('week', '2026-W49', at);
    expect(week).toMatchObject({ toDate: true, period: { key: '2026-W49', from: '2026-11-30', to: '2026-12-02', label: 'Week 49, 30 Nov 2026 – 6 Dec 2026 (to date, through 2 Dec 2026)' }, calendar: { to: '2026-12-06' } });
    expect(week.previous).toEqual({ key: '2026-W48', from: '2026-11-23', to: '2026-11-25', label: '23 Nov 2026 – 25 Nov 2026' });
    const month = resolveReportPeriod('month', '2026-12', at);
    expect(month.previous).toMatchObject({ from: '2026-11-01', to: '2026-11-02' });
    expect(resolveReportPeriod('day', '2026-12-02', at).period.label).toBe('2 Dec 2026 (to date, as of 07:30 UTC)');
    // The as-of day's own period is running even on its last day.
    expect(resolveReportPeriod('month', '2026-11', asOf(new Date('2026-11-30T23:00:00Z'))).toDate).toBe(true);
  });

  it('refuses a period that starts after the as-of day', () => {
    expect(() => resolveReportPeriod('day', '2026-12-03', at)).toThrow(new ReportPeriodError('period "2026-12-03" is in the future: it starts on 2026-12-03, after the as-of day 2026-12-02'));
    expect(() => resolveReportPeriod('month', '2027-01', at)).toThrow(/is in the future/);
    expect(() => resolveReportPeriod('week', '2026-W50', at)).toThrow(/is in the future/);
  });

  it('labels a span by its period when it is a whole one', () => {
    expect(spanLabel('2026-11-01', '2026-11-30', 'month')).toBe('November 2026');
    expect(spanLabel('2026-11-01', '2026-11-02', 'month')).toBe('1 Nov 2026 – 2 Nov 2026');
    expect(spanLabel('2026-11-01', '2026-11-01')).toBe('1 Nov 2026');
  });

  it('names a comparison briefly', () => {
    expect(shortLabel('week', parseReportPeriod('week', '2026-W05'))).toBe('week 5');
    expect(shortLabel('month', parseReportPeriod('month', '2026-10'))).toBe('October 2026');
    expect(shortLabel('day', parseReportPeriod('day', '2026-12-01'))).toBe('1 Dec 2026');
    expect(shortLabel('month', resolveReportPeriod('month', '2026-12', at).previous)).toBe('1 Nov 2026 – 2 Nov 2026');
  });
});
