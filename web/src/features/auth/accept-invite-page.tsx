// Answering an invitation link (/accept-invite#TOKEN). The token stays in the fragment (never
// sent to a server in a URL); it is kept in sessionStorage across a sign-in.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import * as z from 'zod/mini';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { roleSchema } from './session.js';
import { useSession } from './use-session.js';
import './auth.css';

const STORAGE_KEY = 'revpulse.invitation';
const lookupSchema = z.object({ workspaceName: z.string(), email: z.string(), role: roleSchema, accountExists: z.boolean() });
const joinedSchema = z.object({ workspaceId: z.string() });

export function invitationToken(hash: string, stored: string | null): string | null {
  const fromHash = hash.replace(/^#/, '');
  if (/^[A-Za-z0-9_-]{43}$/.test(fromHash)) return fromHash;
  return stored && /^[A-Za-z0-9_-]{43}$/.test(stored) ? stored : null;
}

export function AcceptInvitePage() {
  const token = invitationToken(window.location.hash, sessionStorage.getItem(STORAGE_KEY));
  const [confirmMismatch, setConfirmMismatch] = useState(false);
  const lookup = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => apiSend('POST', '/v1/invitations/lookup', lookupSchema, { body: { token } }),
    enabled: token !== null,
    retry: false,
  });
  const done = (answer: { workspaceId: string }) => {
    sessionStorage.removeItem(STORAGE_KEY);
    window.location.assign(`/?workspace=${encodeURIComponent(answer.workspaceId)}`);
  };
  const accept = useMutation({
    mutationFn: (body: { name: string; password: string }) => apiSend('POST', '/v1/invitations/accept', joinedSchema, { body: { token, ...body } }),
    onSuccess: done,
  });

  if (!token) return <Frame><ErrorNotice title="No invitation here" message="Open the full invitation link you were given." /></Frame>;
  if (lookup.isPending) return <Frame><p>Checking the invitation…</p></Frame>;
  if (lookup.isError) return <Frame><ErrorNotice title="This invitation cannot be used" message={errorMessage(lookup.error)} /></Frame>;
  const invitation = lookup.data;
  const intro = (
    <p className="auth-intro">
      You are invited to <strong>{invitation.workspaceName}</strong> as <strong>{invitation.role}</strong>, as {invitation.email}.
    </p>
  );

  if (invitation.accountExists) {
    return (
      <Frame>
        {intro}
        <JoinAsMember token={token} email={invitation.email} workspaceName={invitation.workspaceName} onJoined={done} />
      </Frame>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    setConfirmMismatch(password !== String(form.get('confirm') ?? ''));
    if (password === String(form.get('confirm') ?? '')) accept.mutate({ name: String(form.get('name') ?? ''), password });
  };
  return (
    <Frame>
      <form onSubmit={submit} className="stack">
        {intro}
        <label className="field">
          <span>Your name</span>
          <input name="name" autoComplete="name" maxLength={200} />
        </label>
        <label className="field">
          <span>Choose a password (at least 12 characters)</span>
          <input name="password" type="password" autoComplete="new-password" minLength={12} maxLength={256} required />
        </label>
        <label className="field">
          <span>Repeat the password</span>
          <input name="confirm" type="password" autoComplete="new-password" minLength={12} maxLength={256} required />
        </label>
        {confirmMismatch && <p className="form-error" role="alert">The two passwords differ.</p>}
        {accept.isError && <p className="form-error" role="alert">{errorMessage(accept.error)}</p>}
        <button type="submit" className="button button-primary" disabled={accept.isPending}>
          Create my account
        </button>
      </form>
    </Frame>
  );
}

/** Someone with an account: signed in as the invited email, they join; otherwise, sign in first
 *  (the token waits in sessionStorage). Only this case asks who is signed in. */
function JoinAsMember({ token, email, workspaceName, onJoined }: { token: string; email: string; workspaceName: string; onJoined: (answer: { workspaceId: string }) => void }) {
  const session = useSession();
  const join = useMutation({ mutationFn: () => apiSend('POST', '/v1/invitations/join', joinedSchema, { body: { token } }), onSuccess: onJoined });
  if (session.isPending) return null;
  const signedInAs = session.data?.user.email ?? null;
  const signIn = () => {
    sessionStorage.setItem(STORAGE_KEY, token);
    window.location.assign('/login?next=%2Faccept-invite');
  };
  return (
    <>
      {signedInAs === email ? (
        <button type="button" className="button button-primary" onClick={() => join.mutate()} disabled={join.isPending}>
          Join {workspaceName}
        </button>
      ) : (
        <>
          <p>{signedInAs ? `You are signed in as ${signedInAs}. ` : ''}Sign in as {email} to accept.</p>
          <button type="button" className="button button-primary" onClick={signIn}>
            Sign in
          </button>
        </>
      )}
      {join.isError && <p className="form-error" role="alert">{errorMessage(join.error)}</p>}
    </>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1 className="auth-title">Join a Revpulse workspace</h1>
        {children}
      </div>
    </main>
  );
}
