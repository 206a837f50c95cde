// The "Role" field of the forms that grant a role (a new API key, an invitation), and their submit:
// the named field and the role go to `send`, then the form is emptied.
import type { FormEvent } from 'react';
import type { Role } from '../auth/session.js';
import { ROLE_DESCRIPTIONS } from './settings-tabs.js';

export function RoleField({ roles }: { roles: readonly Role[] }) {
  return (
    <label className="field">
      <span>Role</span>
      <select name="role" defaultValue="viewer">
        {roles.map((r) => (
          <option key={r} value={r}>
            {r} — {ROLE_DESCRIPTIONS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function submitWithRole(field: string, send: (value: string, role: Role) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    send(String(form.get(field) ?? ''), String(form.get('role')) as Role);
    event.currentTarget.reset();
  };
}
