// Settings → Account: the person's password, their second factor (TOTP), and signing out of
// every browser at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { apiSend, errorMessage, setCsrfToken } from '../../lib/api-client.js';
import { SESSION_KEY, type Session } from '../auth/session.js';
import { CopyField } from './copy-field.js';
import { ok as okSchema } from '@read/settings/contract.js';

const tokenSchema = z.object({ csrfToken: z.string() });
const setupSchema = z.object({ secret: z.string(), uri: z.string() });

function fields(event: FormEvent<HTMLFormElement>): (name: string) => string {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  return (name) => String(form.get(name) ?? '');
}

export function AccountPanel({ session }: { session: Session }) {
  const client = useQueryClient();
  const reload = () => void client.invalidateQueries({ queryKey: SESSION_KEY });
  const [notice, setNotice] = useState<string | null>(null);
  const password = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => apiSend('POST', '/v1/account/password', tokenSchema, { body }),
    onSuccess: (answer) => (setCsrfToken(answer.csrfToken), setNotice('Password changed. Your other sessions were signed out.'), reload()),
  });
  const setup = useMutation({ mutationFn: () => apiSend('POST', '/v1/account/totp/setup', setupSchema) });
  const enable = useMutation({
    mutationFn: (code: string) => apiSend('POST', '/v1/account/totp/enable', tokenSchema, { body: { code } }),
    onSuccess: (answer) => (setCsrfToken(answer.csrfToken), setup.reset(), setNotice('Two-factor authentication is on.'), reload()),
  });
  const disable = useMutation({
    mutationFn: (currentPassword: string) => apiSend('POST', '/v1/account/totp/disable', okSchema, { body: { password: currentPassword } }),
    onSuccess: () => (setNotice('Two-factor authentication is off.'), reload()),
  });
  const everywhere = useMutation({
    mutationFn: () => apiSend('POST', '/v1/auth/logout-all', okSchema),
    onSuccess: () => window.location.assign('/login'),
  });
  const failure = [password, setup, enable, disable, everywhere].find((m) => m.isError)?.error;

  if (session.user.isDemo) {
    return (
      <section className="panel">
        <h2 className="panel-title">{session.user.email}</h2>
        <p className="muted">This is the shared, read-only demo account: it cannot be changed.</p>
      </section>
    );
  }
  return (
    <div className="stack" data-testid="account-panel">
      {notice && <p className="form-notice" role="status">{notice}</p>}
      {failure !== undefined && <p className="form-error" role="alert">{errorMessage(failure)}</p>}
      <section className="panel">
        <h2 className="panel-title">Two-factor authentication</h2>
        {session.user.totpEnabled ? (
          <form className="inline-form" onSubmit={(e) => disable.mutate(fields(e)('password'))}>
            <p className="muted">On: signing in asks for a code from your authenticator app.</p>
            <label className="field">
              <span>Password, to turn it off</span>
              <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
            </label>
            <button type="submit" className="button button-danger" disabled={disable.isPending}>
              Turn off
            </button>
          </form>
        ) : setup.data ? (
          <form className="stack" onSubmit={(e) => enable.mutate(fields(e)('code'))}>
            <p>Add this account to your authenticator app (scan or paste the link, or type the key), then enter the code it shows.</p>
            <CopyField label="Setup key" value={setup.data.secret} testId="totp-secret" />
            <CopyField label="otpauth link" value={setup.data.uri} />
            <label className="field">
              <span>Code</span>
              <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required maxLength={6} data-testid="totp-code" />
            </label>
            <button type="submit" className="button button-primary" disabled={enable.isPending}>
              Turn on
            </button>
          </form>
        ) : (
          <>
            <p className="muted">Off. With it on, a stolen password alone cannot open your account.</p>
            <button type="button" className="button button-primary" onClick={() => setup.mutate()} disabled={setup.isPending}>
              Set up
            </button>
          </>
        )}
      </section>

      <section className="panel">
        <h2 className="panel-title">Password</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            const get = fields(e);
            password.mutate({ currentPassword: get('current'), newPassword: get('next') });
            e.currentTarget.reset();
          }}
        >
          <label className="field">
            <span>Current password</span>
            <input name="current" type="password" autoComplete="current-password" required maxLength={256} />
          </label>
          <label className="field">
            <span>New password (12+ characters)</span>
            <input name="next" type="password" autoComplete="new-password" required minLength={12} maxLength={256} />
          </label>
          <button type="submit" className="button button-primary" disabled={password.isPending}>
            Change password
          </button>
        </form>
      </section>

      <section className="panel">
        <h2 className="panel-title">Sessions</h2>
        <p className="muted">Signed in as {session.user.email}. Lost a device or used a shared computer? Sign out everywhere.</p>
        <button type="button" className="button button-danger" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
          Sign out everywhere
        </button>
      </section>
    </div>
  );
}
