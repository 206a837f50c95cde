// "Sign in with SSO" on the login page: the workspace's slug (or a ?sso=<slug> link) leads to its
// identity provider; a sign-in the server refused comes back as ?ssoError=<reason> and is said
// here in words (docs/sso.md).
import { useState, type KeyboardEvent } from 'react';
import * as z from 'zod/mini';
import { apiGet, errorMessage } from '../../lib/api-client.js';

const availability = z.object({ available: z.boolean(), required: z.boolean(), startUrl: z.nullable(z.string()) });

export const SSO_ERRORS: Readonly<Record<string, string>> = {
  unavailable: 'Single sign-on is not set up (or is switched off) for this workspace.',
  provider: 'The identity provider refused the sign-in or could not be reached. Try again, or ask your administrator.',
  state: 'This sign-in link was already used, or was started in another browser. Start again.',
  expired: 'The sign-in took too long. Start again.',
  disabled: 'Single sign-on was switched off for this workspace meanwhile.',
  token: 'The identity provider’s answer could not be verified. Start again; if it keeps happening, ask your administrator.',
  email_missing: 'The identity provider did not share your e-mail address.',
  email_unverified: 'The identity provider has not verified your e-mail address.',
  domain: 'Your e-mail domain is not allowed to sign in to this workspace.',
  account_conflict: 'Your e-mail belongs to an account that cannot sign in with single sign-on.',
};

export function SsoSignIn({ next, search = window.location.search }: { next: string; search?: string }) {
  const query = new URLSearchParams(search);
  const reason = query.get('ssoError');
  const [open, setOpen] = useState(query.has('sso') || reason !== null);
  const [slug, setSlug] = useState(query.get('sso') ?? '');
  const [problem, setProblem] = useState<string | null>(reason ? (SSO_ERRORS[reason] ?? 'The single sign-on did not succeed.') : null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    const name = slug.trim().toLowerCase();
    if (!/^[\w-]{1,100}$/.test(name)) return setProblem('Enter the workspace’s short name (its slug), like acme.');
    setBusy(true);
    try {
      const answer = await apiGet(`/auth/sso/${encodeURIComponent(name)}`, availability);
      if (!answer.available || !answer.startUrl) return setProblem(SSO_ERRORS.unavailable!);
      window.location.assign(`${answer.startUrl}?returnTo=${encodeURIComponent(next)}`);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // not the password form's submit
    void go();
  };

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="sso-open">
        Sign in with SSO
      </button>
    );
  }
  return (
    <div className="stack" data-testid="sso-sign-in">
      <label className="field">
        <span>Workspace (for single sign-on)</span>
        <input value={slug} onChange={(e) => (setSlug(e.target.value), setProblem(null))} onKeyDown={onKey} maxLength={100} autoCapitalize="off" spellCheck={false} placeholder="acme" data-testid="sso-slug" />
      </label>
      {problem && (
        <p className="form-error" role="alert" data-testid="sso-error">
          {problem}
        </p>
      )}
      <button type="button" className="button" onClick={() => void go()} disabled={busy} data-testid="sso-continue">
        {busy ? 'Opening your identity provider…' : 'Continue with SSO'}
      </button>
    </div>
  );
}
