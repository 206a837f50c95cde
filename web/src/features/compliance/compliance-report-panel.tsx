// The compliance report (GDPR requests handled in a period by kind and status, the retention
// policy, the last runs) downloaded as PDF or CSV from GET /v1/compliance/report.
import { useState, type FormEvent } from 'react';
import { downloadExport } from '../../components/export-download.js';
import './retention.css';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function ComplianceReportPanel({ workspaceId }: { workspaceId: string }) {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  const download = async (format: 'pdf' | 'csv') => {
    if (from > to) return setState({ busy: false, message: null, error: 'The first day must not be after the last.' });
    setState({ busy: true, message: null, error: null });
    try {
      const saved = await downloadExport({ path: '/v1/compliance/report', params: { workspace: workspaceId, from, to } }, format);
      setState({ busy: false, message: `Saved ${saved.filename}.`, error: null });
    } catch (error) {
      setState({ busy: false, message: null, error: error instanceof Error ? error.message : String(error) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void download('pdf');
  };
  return (
    <section className="compliance-section" data-testid="compliance-report">
      <h2 className="section-title">Compliance report</h2>
      <p className="muted compliance-intro">
        The GDPR requests made in a period by kind and status (and one by one), the retention policy and the last retention runs — for your records or an auditor. Downloading it is written to the audit log.
      </p>
      <form className="panel compliance-report-form" onSubmit={submit}>
        <label className="field">
          <span>From</span>
          <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} required data-testid="compliance-report-from" />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required data-testid="compliance-report-to" />
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={state.busy} data-testid="compliance-report-pdf">Download PDF</button>
          <button type="button" className="button" disabled={state.busy} onClick={() => void download('csv')} data-testid="compliance-report-csv">Download CSV</button>
          {state.message && <span className="muted" role="status">{state.message}</span>}
          {state.error && <p className="form-error" role="alert">{state.error}</p>}
        </div>
      </form>
    </section>
  );
}
