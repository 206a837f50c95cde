// Settings → Account: the person's password, their second factor (TOTP) with its recovery codes
// (shown once, when issued; how many are left), and signing out of every browser at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { apiGet, apiSend, errorMessage, setCsrfToken } from '../../lib/api-client.js';
import { SESSION_KEY, type Session } from '../auth/session.js';
import { CopyField } from './copy-field.js';
import { ok as okSchema } from '@read/settings/contract.js';
import './account-panel.css';

const tokenSchema = z.object({ csrfToken: z.string() });
const setupSchema = z.object({ secret: z.string(), uri: z.string() });
const enabledSchema = z.object({ csrfToken: z.string(), recoveryCodes: z.array(z.string()) });
const remainingSchema = z.object({ totpEnabled: z.boolean(), remaining: z.number() });
const regeneratedSchema = z.object({ recoveryCodes: z.array(z.string()), remaining: z.number() });
const RECOVERY_KEY = ['account', 'recovery-codes'] as const;

/** Ten fresh recovery codes: the only time they are shown. */
function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="once-box recovery-codes" role="status" data-testid="recovery-codes">
      <p className="once-label">Recovery codes — shown only now</p>
      <p className="muted">
        Keep them somewhere safe (a password manager, or printed). Each one signs you in once instead of a code from your authenticator app, if you lose it.
      </p>
      <ol className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="copy-row">
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy all'}
        </button>
        <button type="button" className="button button-primary" onClick={onDone} data-testid="recovery-codes-done">
          I have saved them
        </button>
      </div>
    </div>
  );
}

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
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const recovery = useQuery({
    queryKey: RECOVERY_KEY,
    queryFn: ({ signal }) => apiGet('/v1/account/recovery-codes', remainingSchema, { signal }),
    enabled: session.user.totpEnabled && !session.user.isDemo,
  });
  const reloadRecovery = () => void client.invalidateQueries({ queryKey: RECOVERY_KEY });
  const enable = useMutation({
    mutationFn: (code: string) => apiSend('POST', '/v1/account/totp/enable', enabledSchema, { body: { code } }),
    onSuccess: (answer) => (setCsrfToken(answer.csrfToken), setup.reset(), setCodes(answer.recoveryCodes), setNotice('Two-factor authentication is on.'), reload(), reloadRecovery()),
  });
  const regenerate = useMutation({
    // One field: six digits are a code from the app, anything else the password.
    mutationFn: (proof: string) => apiSend('POST', '/v1/account/recovery-codes', regeneratedSchema, { body: /^\d{6}$/.test(proof.trim()) ? { code: proof.trim() } : { password: proof } }),
    onSuccess: (answer) => (setCodes(answer.recoveryCodes), setNotice('New recovery codes: the earlier ones no longer work.'), reloadRecovery()),
  });
  const disable = useMutation({
    mutationFn: (currentPassword: string) => apiSend('POST', '/v1/account/totp/disable', okSchema, { body: { password: currentPassword } }),
    onSuccess: () => (setNotice('Two-factor authentication is off.'), reload()),
  });
  const everywhere = useMutation({
    mutationFn: () => apiSend('POST', '/v1/auth/logout-all', okSchema),
    onSuccess: () => window.location.assign('/login'),
  });
  const failure = [password, setup, enable, regenerate, disable, everywhere].find((m) => m.isError)?.error;

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
        {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
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

      {session.user.totpEnabled && (
        <section className="panel" data-testid="recovery-panel">
          <h2 className="panel-title">Recovery codes</h2>
          <p className="muted" data-testid="recovery-remaining">
            {recovery.data
              ? `${recovery.data.remaining} of 10 left.${recovery.data.remaining <= 3 ? ' Make new ones before you run out.' : ''}`
              : 'Counting…'}
          </p>
          <form
            className="inline-form"
            onSubmit={(e) => {
              regenerate.mutate(fields(e)('proof'));
              e.currentTarget.reset();
            }}
          >
            <label className="field">
              <span>Password or app code, to make new ones</span>
              <input name="proof" type="password" autoComplete="current-password" required maxLength={256} data-testid="recovery-proof" />
            </label>
            <button type="submit" className="button" disabled={regenerate.isPending} data-testid="recovery-regenerate">
              New codes
            </button>
          </form>
        </section>
      )}

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
