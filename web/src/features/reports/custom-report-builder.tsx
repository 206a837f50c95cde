// The custom report form: a name, registry metrics (a grouped multi-select), granularity, how
// many periods, a comparison and an optional segment. Checks what a person can fix here; the
// server's answer (a name taken, a segment gone) is shown beside the form.
import { useState, type FormEvent } from 'react';
import { CUSTOM_GRANULARITIES, type CustomReport } from '@read/reports/contract.js';
import { COMPARES, type Compare } from '@read/series/contract.js';
import type { MetricName } from '@read/registry.js';
import { COMPARE_LABELS, customFormValues, formToCustomReport, MAX_METRICS, MAX_NAME, MAX_PERIODS, metricGroups, type CustomReportFormValues, type CustomReportInput } from './custom-report-form.js';
import { GRANULARITY_WORDS, type ReportGranularity } from './report-periods.js';
import { FormActions } from '../../components/form-actions.js';

type Props = {
  report: CustomReport | null;
  segments: { id: string; name: string }[] | null;
  saving: boolean;
  error: unknown;
  onCancel: () => void;
  onSave: (input: CustomReportInput) => void;
};

const GROUPS = metricGroups();

export function CustomReportBuilder({ report, segments, saving, error, onCancel, onSave }: Props) {
  const [values, setValues] = useState<CustomReportFormValues>(() => customFormValues(report));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const set = <K extends keyof CustomReportFormValues>(key: K, value: CustomReportFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const toggle = (metric: MetricName, on: boolean) => set('metrics', on ? [...values.metrics, metric] : values.metrics.filter((m) => m !== metric));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = formToCustomReport(values);
    if (!result.ok) return setProblem({ field: result.field, message: result.message });
    setProblem(null);
    onSave(result.value);
  };
  const err = (field: keyof CustomReportFormValues) =>
    problem?.field === field ? (
      <span className="field-error" role="alert" data-testid={`custom-error-${field}`}>
        {problem.message}
      </span>
    ) : null;
  const known = segments ?? [];
  const segmentChoices = values.segmentId && !known.some((s) => s.id === values.segmentId) ? [...known, { id: values.segmentId, name: values.segmentId }] : known;
  return (
    <section className="panel custom-builder" data-testid="custom-builder">
      <h2 className="panel-title">{report ? `Edit ${report.name}` : 'New custom report'}</h2>
      <form onSubmit={submit} className="report-form">
        <label className="field field-grow">
          <span>Name</span>
          <input value={values.name} maxLength={MAX_NAME} onChange={(e) => set('name', e.target.value)} aria-invalid={problem?.field === 'name' || undefined} data-testid="custom-name" />
          {err('name')}
        </label>
        <fieldset className="metric-picker" aria-describedby="metric-count">
          <legend>
            Metrics <span className="muted" id="metric-count" data-testid="custom-metric-count">{values.metrics.length} of at most {MAX_METRICS}</span>
          </legend>
          {GROUPS.map((group) => (
            <div key={group.title} className="metric-group">
              <p className="metric-group-title">{group.title}</p>
              {group.metrics.map((m) => (
                <label key={m.name} className="check">
                  <input type="checkbox" checked={values.metrics.includes(m.name)} disabled={!values.metrics.includes(m.name) && values.metrics.length >= MAX_METRICS} onChange={(e) => toggle(m.name, e.target.checked)} data-testid={`custom-metric-${m.name}`} />
                  {m.label}
                </label>
              ))}
            </div>
          ))}
          {err('metrics')}
        </fieldset>
        <label className="field field-narrow">
          <span>Granularity</span>
          <select value={values.granularity} onChange={(e) => set('granularity', e.target.value as ReportGranularity)} data-testid="custom-granularity">
            {CUSTOM_GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {GRANULARITY_WORDS[g]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-narrow">
          <span>Periods (1–{MAX_PERIODS})</span>
          <input inputMode="numeric" value={values.periods} onChange={(e) => set('periods', e.target.value)} aria-invalid={problem?.field === 'periods' || undefined} className="input-narrow" data-testid="custom-periods" />
          {err('periods')}
        </label>
        <label className="field field-narrow">
          <span>Compare with</span>
          <select value={values.compare} onChange={(e) => set('compare', e.target.value as Compare | '')} data-testid="custom-compare">
            <option value="">No comparison</option>
            {COMPARES.map((c) => (
              <option key={c} value={c}>
                {COMPARE_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Segment</span>
          <select value={values.segmentId} onChange={(e) => set('segmentId', e.target.value)} disabled={segments === null && !values.segmentId} data-testid="custom-segment">
            <option value="">{segments === null ? 'No segments available' : 'No segment'}</option>
            {segmentChoices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <FormActions submitLabel={report ? 'Save report' : 'Create report'} saving={saving} onCancel={onCancel} error={error} submitTestId="custom-save" errorTestId="custom-server-error" />
      </form>
    </section>
  );
}
