// The form that creates or edits a report schedule: the report, when (a preset or a cron
// expression) in which time zone, who receives it, which attachments, and whether it is on. The
// server's validation message (a bad cron expression, zone or address) is shown beside the form.
import { useMemo, useState, type FormEvent } from 'react';
import { ATTACHMENT_FORMATS, type ReportSchedule } from '@read/reports/contract.js';
import { FORMAT_LABELS } from './download.js';
import { cronInWords, formToSchedule, PRESET_CRON, PRESET_LABELS, presetFor, scheduleFormValues, timeZones, type CronPreset, type ScheduleFormValues, type ScheduleInput } from './schedule-form.js';
import { FormActions } from '../../components/form-actions.js';

type Props = {
  schedule: ReportSchedule | null;
  reports: { key: string; title: string }[];
  defaults: { reportKey: string; timeZone: string; recipients: string };
  saving: boolean;
  error: unknown;
  onCancel: () => void;
  onSave: (input: ScheduleInput) => void;
};

const PRESETS: CronPreset[] = ['daily', 'weekly', 'monthly', 'custom'];

export function ScheduleEditor({ schedule, reports, defaults, saving, error, onCancel, onSave }: Props) {
  const [values, setValues] = useState<ScheduleFormValues>(() => ({ ...scheduleFormValues(schedule, defaults), ...(schedule ? {} : { recipients: defaults.recipients }) }));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const zones = useMemo(() => timeZones(values.timeZone), [values.timeZone]);
  const set = <K extends keyof ScheduleFormValues>(key: K, value: ScheduleFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const cron = values.preset === 'custom' ? values.cron : PRESET_CRON[values.preset];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = formToSchedule(values);
    if (!result.ok) return setProblem({ field: result.field, message: result.message });
    setProblem(null);
    onSave(result.value);
  };
  const err = (field: keyof ScheduleFormValues) =>
    problem?.field === field ? (
      <span className="field-error" role="alert" data-testid={`schedule-error-${field}`}>
        {problem.message}
      </span>
    ) : null;
  const invalid = (field: keyof ScheduleFormValues) => problem?.field === field || undefined;
  return (
    <section className="panel schedule-editor" data-testid="schedule-editor">
      <h2 className="panel-title">{schedule ? 'Edit schedule' : 'New schedule'}</h2>
      <form onSubmit={submit} className="report-form">
        <label className="field">
          <span>Report</span>
          <select
            value={values.reportKey}
            onChange={(e) => {
              const reportKey = e.target.value;
              // A preset follows the report (the board pack monthly…) until someone picks one.
              setValues((v) => ({ ...v, reportKey, ...(v.preset !== 'custom' && !schedule ? { preset: presetFor(reportKey) } : {}) }));
            }}
            aria-invalid={invalid('reportKey')}
            data-testid="schedule-report"
          >
            {reports.map((r) => (
              <option key={r.key} value={r.key}>
                {r.title}
              </option>
            ))}
          </select>
          {err('reportKey')}
        </label>
        <label className="field">
          <span>When</span>
          <select value={values.preset} onChange={(e) => set('preset', e.target.value as CronPreset)} data-testid="schedule-preset">
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {values.preset === 'custom' && (
          <label className="field">
            <span>Cron expression</span>
            <input value={values.cron} onChange={(e) => set('cron', e.target.value)} placeholder="0 7 * * 1-5" spellCheck={false} className="mono" aria-invalid={invalid('cron')} data-testid="schedule-cron" />
            {err('cron')}
          </label>
        )}
        <label className="field">
          <span>Time zone</span>
          <select value={values.timeZone} onChange={(e) => set('timeZone', e.target.value)} aria-invalid={invalid('timeZone')} data-testid="schedule-timezone">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          {err('timeZone')}
        </label>
        <p className="schedule-words muted" data-testid="schedule-words">
          {cronInWords(cron, values.timeZone)}
        </p>
        <label className="field field-grow schedule-recipients">
          <span>Recipients (up to 50, separated by commas or new lines)</span>
          <textarea rows={2} value={values.recipients} onChange={(e) => set('recipients', e.target.value)} placeholder="ceo@example.com, board@example.com" aria-invalid={invalid('recipients')} data-testid="schedule-recipients" />
          {err('recipients')}
        </label>
        <fieldset className="report-form-group">
          <legend>Attach</legend>
          {ATTACHMENT_FORMATS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" checked={values.formats.includes(f)} onChange={(e) => set('formats', e.target.checked ? [...values.formats, f] : values.formats.filter((x) => x !== f))} data-testid={`schedule-format-${f}`} />
              {FORMAT_LABELS[f]}
            </label>
          ))}
          <label className="check schedule-enabled">
            <input type="checkbox" checked={values.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="schedule-enabled" />
            Enabled
          </label>
        </fieldset>
        <FormActions submitLabel={schedule ? 'Save schedule' : 'Create schedule'} saving={saving} onCancel={onCancel} error={error} submitTestId="schedule-save" errorTestId="schedule-server-error" />
      </form>
    </section>
  );
}
