// GDPR requests (owners and admins): ask for an export, anonymisation or deletion of one customer
// — found by name or e-mail, or by id — with a confirmation that says plainly what an anonymise
// or delete does before it is queued; and the queue (status, who asked, when, outcome, the export's
// download), read again every 2 s while a request is moving.
import { useId, useState, type FormEvent } from 'react';
import { GDPR_CONSEQUENCES, GDPR_KINDS, type GdprKind } from '@read/gdpr/contract.js';
import { DataPanel } from '../../components/data-panel.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import { errorMessage } from '../../lib/api-client.js';
import { exportHref, useCustomerLookup, useGdprRequest, useGdprRequests } from './gdpr-api.js';
import { isMoving, KIND_LABELS, outcomeText, STATUS_LABELS, STATUS_TONES } from './gdpr-view.js';
import './compliance.css';

const COLUMNS = ['Requested', 'Kind', 'Customer', 'Status', 'Asked by', 'Outcome', ACTIONS_COLUMN];

const KIND_HINTS: Record<GdprKind, string> = {
  export: 'a ZIP of everything held about them',
  anonymise: 'personal data replaced by a pseudonym',
  delete: 'personal data removed',
};

function CustomerLookup({ workspaceId, onPick }: { workspaceId: string; onPick: (id: string) => void }) {
  const [q, setQ] = useState('');
  const lookup = useCustomerLookup(workspaceId, q);
  const listId = useId();
  const found = q.trim().length >= 2 ? (lookup.data?.data ?? []) : [];
  return (
    <div className="gdpr-lookup">
      <label className="field">
        <span>Find a customer by name or e-mail</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="jane@example.com" aria-controls={listId} data-testid="gdpr-lookup" />
      </label>
      <ul id={listId} className="gdpr-lookup-results" aria-live="polite">
        {found.map((c) => (
          <li key={c.id}>
            <button type="button" className="button button-small" onClick={() => {
                onPick(c.id);
                setQ('');
              }} data-testid="gdpr-lookup-result">
              {c.name ?? '(no name)'}
              {c.email ? ` · ${c.email}` : ''} · <code>{c.id}</code>
            </button>
          </li>
        ))}
        {q.trim().length >= 2 && lookup.data && found.length === 0 && <li className="muted">No customer matches “{q.trim()}”.</li>}
      </ul>
    </div>
  );
}

function RequestForm({ workspaceId }: { workspaceId: string }) {
  const [customerId, setCustomerId] = useState('');
  const [kind, setKind] = useState<GdprKind>('export');
  const [confirming, setConfirming] = useState(false);
  const create = useGdprRequest(workspaceId);
  const id = customerId.trim();

  const send = () =>
    create.mutate({ kind, customerId: id }, {
      onSuccess: () => {
        setConfirming(false);
        setCustomerId('');
      },
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!id) return;
    if (kind === 'export') send();
    else setConfirming(true);
  };

  return (
    <form className="gdpr-form" onSubmit={submit} aria-label="New GDPR request">
      <CustomerLookup workspaceId={workspaceId} onPick={(picked) => {
          setCustomerId(picked);
          setConfirming(false);
        }} />
      <label className="field">
        <span>Customer id</span>
        <input value={customerId} onChange={(e) => {
            setCustomerId(e.target.value);
            setConfirming(false);
          }} required maxLength={255} placeholder="cus_…" data-testid="gdpr-customer-id" />
      </label>
      <fieldset className="gdpr-kinds">
        <legend>Request</legend>
        {GDPR_KINDS.map((k) => (
          <label key={k} className="gdpr-kind">
            <input type="radio" name="gdpr-kind" value={k} checked={kind === k} onChange={() => {
                setKind(k);
                setConfirming(false);
              }} data-testid={`gdpr-kind-${k}`} />
            <span>
              <strong>{KIND_LABELS[k]}</strong> <span className="muted">— {KIND_HINTS[k]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {confirming && kind !== 'export' ? (
        <div className="gdpr-confirm" role="alertdialog" aria-labelledby="gdpr-confirm-title" aria-describedby="gdpr-confirm-text" data-testid="gdpr-confirm">
          <p id="gdpr-confirm-title" className="gdpr-confirm-title">
            {kind === 'delete' ? 'Delete' : 'Anonymise'} customer <code>{id}</code>?
          </p>
          <p id="gdpr-confirm-text">{GDPR_CONSEQUENCES[kind]}</p>
          <div className="gdpr-actions">
            <button type="button" className="button button-danger" disabled={create.isPending} onClick={send} data-testid="gdpr-confirm-button">
              {kind === 'delete' ? 'Delete their personal data' : 'Anonymise them'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="gdpr-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending || !id} data-testid="gdpr-submit">
            {kind === 'export' ? 'Request the export' : `${KIND_LABELS[kind]}…`}
          </button>
        </div>
      )}
      {create.isError && (
        <p className="form-error" role="alert" data-testid="gdpr-error">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}

export function GdprRequestsPanel({ workspaceId, locale }: { workspaceId: string; locale?: string }) {
  const requests = useGdprRequests(workspaceId);
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const moving = requests.data?.data.some(isMoving) ?? false;
  return (
    <section className="compliance-section" aria-labelledby="gdpr-title">
      <h2 id="gdpr-title" className="section-title">GDPR requests</h2>
      <p className="muted compliance-intro">
        Export everything held about one of your customers, or erase their personal data. Revenue figures never change: after a deletion their history stays as anonymous amounts.
      </p>
      <RequestForm workspaceId={workspaceId} />
      <DataPanel
        title="Request queue"
        testId="gdpr-queue"
        subtitle={<>Newest first. Exports are kept for 7 days unless the retention policy says otherwise.{moving && <span className="gdpr-refreshing"> Refreshing while requests are processed…</span>}</>}
        query={requests}
        empty={(data) => (data.data.length === 0 ? <p className="muted">No requests yet.</p> : null)}
        skeletonHeight={160}
      >
        {(data) => (
          <div className="gdpr-table-wrap">
            <table className="data-table gdpr-table">
              <TableHead columns={COLUMNS} />
              <tbody>
                {data.data.map((r) => {
                  const tone = STATUS_TONES[r.status];
                  return (
                    <tr key={r.requestId} data-testid="gdpr-row" data-request-id={r.requestId} data-kind={r.kind} data-status={r.status}>
                      <td className="gdpr-nowrap" title={r.requestedAt}>{when(r.requestedAt)}</td>
                      <td>{KIND_LABELS[r.kind]}</td>
                      <td><code>{r.customerId}</code></td>
                      <td>
                        <span className={`badge${tone === 'neutral' ? '' : ` badge-${tone}`}`} data-testid="gdpr-status">
                          {isMoving(r) && <span className="spinner spinner-small" aria-hidden="true" />}
                          {STATUS_LABELS[r.status]}
                        </span>
                      </td>
                      <td>{r.requestedBy.type === 'cli' ? 'Command line' : r.requestedBy.label}</td>
                      <td className={r.status === 'failed' ? 'gdpr-error' : undefined} data-testid="gdpr-outcome">{outcomeText(r, locale)}</td>
                      <td className="actions">
                        {r.download && (
                          <a className="button button-small" href={exportHref(workspaceId, r.requestId)} download data-testid="gdpr-download">
                            Download ZIP
                          </a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </DataPanel>
    </section>
  );
}
