import { describe, expect, it } from 'vitest';
import type { CustomReport } from '@read/reports/contract.js';
import { customReportDefinition } from '@read/reports/contract.js';
import { METRIC_NAMES } from '@read/registry.js';
import { customFormValues, describeDefinition, formToCustomReport, MAX_METRICS, metricGroups } from './custom-report-form.js';

const empty = customFormValues(null);

describe('formToCustomReport', () => {
  it('turns the form into a definition the contract accepts, metrics in the registry’s order', () => {
    const result = formToCustomReport({ ...empty, name: '  Growth  ', metrics: ['nrr', 'mrr', 'arr'], granularity: 'quarter', periods: '8', compare: 'previous_year', segmentId: 'seg_1' });
    expect(result).toEqual({ ok: true, value: { name: 'Growth', definition: { metrics: ['mrr', 'arr', 'nrr'], granularity: 'quarter', periods: 8, compare: 'previous_year', segmentId: 'seg_1' } } });
    if (result.ok) expect(customReportDefinition.safeParse(result.value.definition).success).toBe(true);
  });

  it('no comparison and no segment are null', () => {
    const result = formToCustomReport({ ...empty, name: 'Plain', compare: '', segmentId: '' });
    expect(result.ok && result.value.definition).toMatchObject({ compare: null, segmentId: null });
  });

  it.each([
    [{ name: ' ' }, 'name'],
    [{ name: 'x'.repeat(81) }, 'name'],
    [{ metrics: [] }, 'metrics'],
    [{ metrics: METRIC_NAMES.slice(0, MAX_METRICS + 1) }, 'metrics'],
    [{ periods: '0' }, 'periods'],
    [{ periods: '37' }, 'periods'],
    [{ periods: '2.5' }, 'periods'],
    [{ periods: '' }, 'periods'],
  ])('%j is refused on %s', (patch, field) => {
    const result = formToCustomReport({ ...empty, name: 'R', ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });

  it('round-trips a saved report through the form', () => {
    const saved: CustomReport = { id: 'rpt_0123456789abcdef', name: 'Board extras', definition: { metrics: ['ltv', 'arpa'], granularity: 'week', periods: 6, compare: null, segmentId: null }, createdBy: null, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z' };
    expect(formToCustomReport(customFormValues(saved))).toEqual({ ok: true, value: { name: 'Board extras', definition: { metrics: ['arpa', 'ltv'], granularity: 'week', periods: 6, compare: null, segmentId: null } } });
  });
});

describe('metricGroups', () => {
  it('holds every registry metric exactly once', () => {
    const names = metricGroups().flatMap((g) => g.metrics.map((m) => m.name));
    expect([...names].sort()).toEqual([...METRIC_NAMES].sort());
  });
});

describe('describeDefinition', () => {
  it('says what the report reads', () => {
    expect(describeDefinition({ metrics: ['mrr', 'arr'], granularity: 'month', periods: 12, compare: 'previous_period', segmentId: 'seg_1' }, () => 'At risk')).toBe('MRR, ARR · monthly, last 12 · vs previous period · segment At risk');
    expect(describeDefinition({ metrics: ['mrr', 'arr', 'arpa', 'new', 'churn', 'nrr'], granularity: 'day', periods: 7, compare: null, segmentId: null })).toBe('MRR, ARR, ARPA, New MRR and 2 more · daily, last 7');
  });
});
