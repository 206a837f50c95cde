// Sign-in: email and password, then — for accounts with two-factor on — the code from the
// authenticator app, or one of the person's recovery codes when the app is lost. On success the browser goes where it was headed (a full load, so every
// query starts from the new session).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { SsoSignIn } from './sso-sign-in.js';
import './auth.css';

const answerSchema = z.object({ stage: z.enum(['active', 'totp']) });

export function LoginPage({ next, onSignedIn }: { next: string; onSignedIn: (next: string) => void }) {
  const [stage, setStage] = useState<'password' | 'totp' | 'recovery'>('password');
  const login = useMutation({
    mutationFn: (input: { path: '/v1/auth/login' | '/v1/auth/totp'; body: Record<string, string> }) =>
      apiSend('POST', input.path, answerSchema, { body: input.body }),
    onSuccess: (answer) => (answer.stage === 'totp' ? setStage('totp') : onSignedIn(next)),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    if (stage === 'password') login.mutate({ path: '/v1/auth/login', body: { email: field('email'), password: field('password') } });
    else if (stage === 'totp') login.mutate({ path: '/v1/auth/totp', body: { code: field('code') } });
    else login.mutate({ path: '/v1/auth/totp', body: { recoveryCode: field('recoveryCode') } });
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} data-testid="login-form" aria-labelledby="login-title">
        <h1 id="login-title" className="auth-title">
          {stage === 'password' ? 'Sign in to Revpulse' : 'Two-factor authentication'}
        </h1>
        {stage === 'password' ? (
          <>
            <label className="field">
              <span>Email</span>
              <input name="email" type="email" autoComplete="username" required maxLength={254} autoFocus data-testid="login-email" />
            </label>
            <label className="field">
              <span>Password</span>
              <input name="password" type="password" autoComplete="current-password" required maxLength={256} data-testid="login-password" />
            </label>
          </>
        ) : stage === 'totp' ? (
          <label className="field">
            <span>Code from your authenticator app</span>
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required maxLength={6} autoFocus data-testid="login-code" />
          </label>
        ) : (
          <label className="field">
            <span>One of your recovery codes (each works once)</span>
            <input name="recoveryCode" autoComplete="off" autoCapitalize="off" spellCheck={false} required maxLength={64} placeholder="xxxx-xxxx-xxxx-xxxx" autoFocus data-testid="login-recovery-code" />
          </label>
        )}
        {login.isError && (
          <p className="form-error" role="alert" data-testid="login-error">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? 'Signing in…' : stage === 'password' ? 'Sign in' : 'Verify'}
        </button>
        {stage === 'password' && <SsoSignIn next={next} />}
        {stage !== 'password' && (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => (login.reset(), setStage(stage === 'totp' ? 'recovery' : 'totp'))}
            data-testid="login-switch-factor"
          >
            {stage === 'totp' ? 'Lost your device? Use a recovery code' : 'Use a code from your authenticator app'}
          </button>
        )}
      </form>
    </main>
  );
}
