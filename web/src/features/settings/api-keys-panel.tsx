// Settings → API keys: the workspace's keys (never their secret), a new key shown once, revoking.
// An `ingest` key is a write key for the tracking API: after creating one, the snippet that sends
// Segment / analytics.js events to Revpulse with it is shown.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import type { Role } from '../auth/session.js';
import { apiKeyCreated, apiKeyList, ok } from '@read/settings/contract.js';
import { CopyField } from './copy-field.js';
import { GrantForm, submitWithRole } from './role-field.js';
import { grantableKeyRoles, ROLE_DESCRIPTIONS, type KeyRole } from './settings-tabs.js';
import { trackingSnippet } from './tracking-snippet.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';


export function ApiKeysPanel({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const { query: keys, params, refresh } = useSettingsQuery('api-keys', '/v1/api-keys', apiKeyList, workspaceId);
  const [created, setCreated] = useState<{ token: string; role: KeyRole } | null>(null);
  const [chosen, setChosen] = useState<KeyRole>('viewer');
  const create = useMutation({
    mutationFn: (body: { name: string; role: KeyRole }) => apiSend('POST', '/v1/api-keys', apiKeyCreated, { params, body }),
    onSuccess: (answer) => (setCreated({ token: answer.token, role: answer.key.role }), refresh()),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`, ok, { params }),
    onSettled: refresh,
  });
  const roles = grantableKeyRoles(role);
  const submit = submitWithRole<KeyRole>('name', (name, role) => create.mutate({ name, role }));

  return (
    <div className="stack" data-testid="api-keys-panel">
      <section className="panel">
        <h2 className="panel-title">New API key</h2>
        <p className="muted">
          Send it as <code>Authorization: Bearer rvp_…</code>. A key acts in this workspace only, with its role; it can never manage people or keys.
        </p>
        {chosen === 'ingest' && (
          <p className="hint-line" data-testid="ingest-hint">
            An <strong>ingest</strong> key is a {ROLE_DESCRIPTIONS.ingest}: Segment, RudderStack or analytics.js send product usage with it as their write key. It can read nothing.
          </p>
        )}
        <GrantForm
          field={
            <label className="field">
              <span>Name</span>
              <input name="name" required maxLength={100} placeholder="e.g. Grafana" />
            </label>
          }
          roles={roles}
          onRoleChange={setChosen}
          onSubmit={submit}
          submitLabel="Create key"
          sending={create}
          secret={{ label: 'Copy the key now: it is shown only once and cannot be recovered.', value: created?.token ?? null, testId: 'new-api-key' }}
          after={created?.role === 'ingest' ? <CopyField label="Send events from your product with analytics.js (or point any Segment-compatible SDK's write key and API host here):" value={trackingSnippet(window.location.origin, created.token)} testId="tracking-snippet" /> : undefined}
        />
      </section>

      <section className="panel">
        <h2 className="panel-title">Keys</h2>
        {keys.isError ? (
          <ErrorNotice title="Could not load the keys" message={errorMessage(keys.error)} onRetry={() => void keys.refetch()} />
        ) : !keys.data ? (
          <p className="muted">Loading…</p>
        ) : keys.data.data.length === 0 ? (
          <p className="muted">No API keys yet.</p>
        ) : (
          <table className="data-table">
            <TableHead columns={['Name', 'Prefix', 'Role', 'Created', 'Last used', ACTIONS_COLUMN]} scope={null} />
            <tbody>
              {keys.data.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'row-muted' : undefined}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.id}…</code>
                  </td>
                  <td>{k.role}</td>
                  <td>{when(k.createdAt)}</td>
                  <td>{when(k.lastUsedAt)}</td>
                  <td className="actions">
                    {k.revokedAt ? (
                      <span className="badge">revoked {when(k.revokedAt)}</span>
                    ) : (
                      <button type="button" className="button button-danger" onClick={() => window.confirm(`Revoke ${k.name}? Programs using it stop working at once.`) && revoke.mutate(k.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {revoke.isError && <p className="form-error" role="alert">{errorMessage(revoke.error)}</p>}
      </section>
    </div>
  );
}
