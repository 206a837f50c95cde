// The "Role" field of the forms that grant a role (a new API key, an invitation), and their submit:
// the named field and the role go to `send`, then the form is emptied. GrantForm is the whole form,
// its error, and the secret it made (shown once, to copy).
import type { FormEvent, ReactNode } from 'react';
import { errorMessage } from '../../lib/api-client.js';
import type { Role } from '../auth/session.js';
import { CopyField } from './copy-field.js';
import { ROLE_DESCRIPTIONS, type KeyRole } from './settings-tabs.js';

export function RoleField({ roles, onChange }: { roles: readonly KeyRole[]; onChange?: (role: KeyRole) => void }) {
  return (
    <label className="field">
      <span>Role</span>
      <select name="role" defaultValue="viewer" onChange={onChange ? (e) => onChange(e.target.value as KeyRole) : undefined} data-testid="role-select">
        {roles.map((r) => (
          <option key={r} value={r}>
            {r} — {ROLE_DESCRIPTIONS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function submitWithRole<R extends KeyRole = Role>(field: string, send: (value: string, role: R) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    send(String(form.get(field) ?? ''), String(form.get('role')) as R);
    event.currentTarget.reset();
  };
}

export function GrantForm({ field, roles, onSubmit, submitLabel, sending, secret, onRoleChange, after }: {
  field: ReactNode;
  roles: readonly KeyRole[];
  onRoleChange?: (role: KeyRole) => void;
  /** Shown under the secret (the snippet that uses it). */
  after?: ReactNode;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  sending: { isPending: boolean; isError: boolean; error: unknown };
  secret: { label: string; value: string | null; testId: string };
}) {
  return (
    <>
      <form className="inline-form" onSubmit={onSubmit}>
        {field}
        <RoleField roles={roles} onChange={onRoleChange} />
        <button type="submit" className="button button-primary" disabled={sending.isPending}>
          {submitLabel}
        </button>
      </form>
      {sending.isError && <p className="form-error" role="alert">{errorMessage(sending.error)}</p>}
      {secret.value && <CopyField label={secret.label} value={secret.value} testId={secret.testId} />}
      {secret.value && after}
    </>
  );
}
