// Settings → API keys: the workspace's keys (never their secret), a new key shown once, revoking.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import type { Role } from '../auth/session.js';
import { apiKeyCreated, apiKeyList, ok } from '@read/settings/contract.js';
import { GrantForm, submitWithRole } from './role-field.js';
import { grantableRoles, KEY_ROLES } from './settings-tabs.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';

export function ApiKeysPanel({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const { query: keys, params, refresh } = useSettingsQuery('api-keys', '/v1/api-keys', apiKeyList, workspaceId);
  const [token, setToken] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; role: Role }) => apiSend('POST', '/v1/api-keys', apiKeyCreated, { params, body }),
    onSuccess: (answer) => (setToken(answer.token), refresh()),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`, ok, { params }),
    onSettled: refresh,
  });
  const roles = KEY_ROLES.filter((r) => grantableRoles(role).includes(r));
  const submit = submitWithRole('name', (name, role) => create.mutate({ name, role }));

  return (
    <div className="stack" data-testid="api-keys-panel">
      <section className="panel">
        <h2 className="panel-title">New API key</h2>
        <p className="muted">
          Send it as <code>Authorization: Bearer rvp_…</code>. A key acts in this workspace only, with its role; it can never manage people or keys.
        </p>
        <GrantForm
          field={
            <label className="field">
              <span>Name</span>
              <input name="name" required maxLength={100} placeholder="e.g. Grafana" />
            </label>
          }
          roles={roles}
          onSubmit={submit}
          submitLabel="Create key"
          sending={create}
          secret={{ label: 'Copy the key now: it is shown only once and cannot be recovered.', value: token, testId: 'new-api-key' }}
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
