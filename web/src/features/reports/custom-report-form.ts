// A custom report as an editable form and back: a name, registry metrics (1–12), a granularity,
// how many periods, a comparison and an optional segment. Pure: the builder and its tests share it.
// The server checks the same rules (customReportDefinition) and that the segment exists.
import { CUSTOM_GRANULARITIES, type CustomReport, type CustomReportDefinition } from '@read/reports/contract.js';
import { COMPARES, type Compare } from '@read/series/contract.js';
import { METRIC_NAMES, METRICS, type MetricName, type MetricUnit } from '@read/registry.js';
import type { ReportGranularity } from './report-periods.js';

export const MAX_METRICS = 12;
export const MAX_PERIODS = 36;
export const MAX_NAME = 80;

export const COMPARE_LABELS: Record<Compare, string> = { previous_period: 'Previous period', previous_year: 'Same period a year before' };

export type CustomReportFormValues = {
  name: string;
  metrics: MetricName[];
  granularity: ReportGranularity;
  periods: string;
  compare: Compare | '';
  segmentId: string;
};

export type CustomReportInput = { name: string; definition: CustomReportDefinition };

export function customFormValues(report: CustomReport | null): CustomReportFormValues {
  if (!report) return { name: '', metrics: ['mrr', 'net_new_mrr', 'customers'], granularity: 'month', periods: '12', compare: 'previous_period', segmentId: '' };
  const d = report.definition;
  return { name: report.name, metrics: [...d.metrics], granularity: d.granularity, periods: String(d.periods), compare: d.compare ?? '', segmentId: d.segmentId ?? '' };
}

export type CustomFormResult = { ok: true; value: CustomReportInput } | { ok: false; field: keyof CustomReportFormValues; message: string };

export function formToCustomReport(v: CustomReportFormValues): CustomFormResult {
  const name = v.name.trim();
  if (!name) return { ok: false, field: 'name', message: 'Give the report a name.' };
  if (name.length > MAX_NAME) return { ok: false, field: 'name', message: `At most ${MAX_NAME} characters.` };
  // In the registry's order, so the report reads the same whatever order they were ticked in.
  const metrics = METRIC_NAMES.filter((m) => v.metrics.includes(m));
  if (metrics.length === 0) return { ok: false, field: 'metrics', message: 'Choose at least one metric.' };
  if (metrics.length > MAX_METRICS) return { ok: false, field: 'metrics', message: `At most ${MAX_METRICS} metrics (${metrics.length} chosen).` };
  if (!CUSTOM_GRANULARITIES.includes(v.granularity)) return { ok: false, field: 'granularity', message: 'Choose a granularity.' };
  const periods = Number(v.periods.trim());
  if (v.periods.trim() === '' || !Number.isInteger(periods) || periods < 1 || periods > MAX_PERIODS) return { ok: false, field: 'periods', message: `A whole number from 1 to ${MAX_PERIODS}.` };
  const compare = COMPARES.find((c) => c === v.compare) ?? null;
  return { ok: true, value: { name, definition: { metrics, granularity: v.granularity, periods, compare, segmentId: v.segmentId || null } } };
}

const UNIT_GROUPS: { unit: MetricUnit; title: string }[] = [
  { unit: 'money', title: 'Revenue' },
  { unit: 'count', title: 'Counts' },
  { unit: 'ratio', title: 'Rates' },
  { unit: 'days', title: 'Days' },
  { unit: 'score', title: 'Scores' },
];

/** The registry's metrics grouped by unit, for the multi-select; empty groups left out. */
export function metricGroups(): { title: string; metrics: { name: MetricName; label: string }[] }[] {
  return UNIT_GROUPS.map((g) => ({ title: g.title, metrics: METRIC_NAMES.filter((m) => METRICS[m].unit === g.unit).map((name) => ({ name, label: METRICS[name].label })) })).filter((g) => g.metrics.length > 0);
}

/** "MRR, ARR, Net new MRR · monthly, last 12 · vs previous period". */
export function describeDefinition(d: CustomReportDefinition, segmentName?: (id: string) => string): string {
  const every = { day: 'daily', week: 'weekly', month: 'monthly', quarter: 'quarterly' }[d.granularity];
  const metrics = d.metrics.map((m) => METRICS[m].label);
  const shown = metrics.length > 4 ? `${metrics.slice(0, 4).join(', ')} and ${metrics.length - 4} more` : metrics.join(', ');
  const parts = [shown, `${every}, last ${d.periods}`];
  if (d.compare) parts.push(`vs ${COMPARE_LABELS[d.compare].toLowerCase()}`);
  if (d.segmentId) parts.push(`segment ${segmentName?.(d.segmentId) ?? d.segmentId}`);
  return parts.join(' · ');
}
