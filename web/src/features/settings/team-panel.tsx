// Settings → Team: members and their roles, invitations (the link is shown here once: Revpulse
// sends no email), and the workspace's second-factor rule for owners and admins.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import type { Role } from '../auth/session.js';
import { invitationCreated, ok as okSchema, team as teamSchema } from '@read/settings/contract.js';
import { GrantForm, submitWithRole } from './role-field.js';
import { grantableRoles } from './settings-tabs.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';

export function TeamPanel({ workspaceId, role, selfId, selfMfa }: { workspaceId: string; role: Role; selfId: string; selfMfa: boolean }) {
  const { query: team, params, refresh } = useSettingsQuery('team', '/v1/team', teamSchema, workspaceId);
  const [link, setLink] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role }) => apiSend('POST', '/v1/team/invitations', invitationCreated, { params, body }),
    onSuccess: (answer) => (setLink(answer.link), refresh()),
  });
  const change = useMutation({
    mutationFn: (input: { userId: string; role: Role }) =>
      apiSend('PATCH', `/v1/team/members/${encodeURIComponent(input.userId)}`, okSchema, { params, body: { role: input.role } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => apiSend('DELETE', `/v1/team/members/${encodeURIComponent(userId)}`, okSchema, { params }),
    onSettled: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/v1/team/invitations/${encodeURIComponent(id)}`, okSchema, { params }),
    onSettled: refresh,
  });
  const policy = useMutation({
    mutationFn: (requireAdminTotp: boolean) => apiSend('PUT', '/v1/team/security', okSchema, { params, body: { requireAdminTotp } }),
    onSettled: refresh,
  });

  if (team.isError) return <ErrorNotice title="Could not load the team" message={errorMessage(team.error)} onRetry={() => void team.refetch()} />;
  if (!team.data) return <p className="muted">Loading the team…</p>;
  const roles = grantableRoles(role);
  const failure = [change, remove, revoke, policy].find((m) => m.isError)?.error;
  const submit = submitWithRole('email', (email, role) => invite.mutate({ email, role }));

  return (
    <div className="stack" data-testid="team-panel">
      {failure !== undefined && <p className="form-error" role="alert">{errorMessage(failure)}</p>}
      <section className="panel">
        <h2 className="panel-title">Members</h2>
        <table className="data-table">
          <TableHead columns={['Person', 'Role', 'Two-factor', 'Last sign-in', ACTIONS_COLUMN]} scope={null} />
          <tbody>
            {team.data.members.map((m) => {
              const editable = m.role !== 'owner' || role === 'owner';
              return (
                <tr key={m.userId}>
                  <td>
                    <div>{m.name ?? m.email}</div>
                    {m.name && <div className="muted">{m.email}</div>}
                  </td>
                  <td>
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={!editable || change.isPending}
                      onChange={(e) => change.mutate({ userId: m.userId, role: e.target.value as Role })}
                    >
                      {[...new Set([m.role, ...roles])].map((r) => (
                        <option key={r} value={r} disabled={!roles.includes(r)}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{m.totpEnabled ? <span className="badge badge-positive">on</span> : <span className="badge">off</span>}</td>
                  <td>{when(m.lastLoginAt)}</td>
                  <td className="actions">
                    {editable && (
                      <button
                        type="button"
                        className="button button-danger"
                        onClick={() => window.confirm(`Remove ${m.email} from this workspace?`) && remove.mutate(m.userId)}
                      >
                        {m.userId === selfId ? 'Leave' : 'Remove'}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="panel">
        <h2 className="panel-title">Invite someone</h2>
        <GrantForm
          field={
            <label className="field">
              <span>Email</span>
              <input name="email" type="email" required maxLength={254} data-testid="invite-email" />
            </label>
          }
          roles={roles}
          onSubmit={submit}
          submitLabel="Create invitation"
          sending={invite}
          secret={{ label: 'Send this link to the person you invited. It works once, for 7 days, and is shown only now.', value: link, testId: 'invite-link' }}
        />
        {team.data.invitations.length > 0 && (
          <table className="data-table">
            <TableHead columns={['Invited', 'Role', 'Expires', ACTIONS_COLUMN]} scope={null} />
            <tbody>
              {team.data.invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{when(i.expiresAt)}</td>
                  <td className="actions">
                    <button type="button" className="button" onClick={() => revoke.mutate(i.id)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel">
        <h2 className="panel-title">Two-factor authentication</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={team.data.requireAdminTotp}
            disabled={policy.isPending || (!selfMfa && !team.data.requireAdminTotp)}
            onChange={(e) => policy.mutate(e.target.checked)}
          />
          <span>Require owners and admins to sign in with a second factor</span>
        </label>
        {!selfMfa && !team.data.requireAdminTotp && (
          <p className="muted">Turn on two-factor authentication for your own account (Settings → Account) and sign in with it first.</p>
        )}
      </section>
    </div>
  );
}
