// Single sign-on with OpenID Connect (docs/sso.md): the authorization code flow with PKCE, state
// and nonce. start: a sign-in under way is stored (state, nonce and PKCE verifier, bound to the
// browser by a cookie whose hash is kept) and the browser goes to the provider. finish: the
// provider's answer is checked — the state is looked up and used once, the browser must be the
// one that started, the code is exchanged and the ID token validated by openid-client (issuer,
// audience, signature, expiry, nonce) — then the e-mail rules, then sso-provision.ts. Every
// outcome is logged: a sign-in in the workspace's audit log, a failure as a security event.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import { deleteExpiredLoginStates, findSsoSettings, insertLoginState, takeLoginState, type SsoSettings } from '../store/sso-repo.js';
import { findWorkspace, type Workspace } from '../store/workspaces-repo.js';
import { normaliseEmail } from '../store/users-repo.js';
import { oidc, providerConfig } from './oidc-client.js';
import { recordAudit, recordSecurityEvent, type RequestMeta } from './security-log.js';
import { endSession, type SessionPolicy, type StartedSession } from './sessions.js';
import { provisionAndSignIn, type SsoClaims } from './sso-provision.js';
import { randomToken, sameHash, sha256 } from './tokens.js';

/** How long a sign-in may take at the provider. */
export const SSO_STATE_TTL_MS = 10 * 60_000;
export const SSO_SCOPE = 'openid email profile';

export type SsoDeps = { db: Kysely<Database>; box: SecretBox; now: Date; meta: RequestMeta; policy: SessionPolicy };

export type SsoFailure =
  | 'state' // no such sign-in under way, already used, or started in another browser
  | 'expired' // the sign-in took longer than SSO_STATE_TTL_MS
  | 'disabled' // SSO was turned off for the workspace meanwhile
  | 'provider' // the provider answered with an error (the person cancelled, no access…) or could not be reached
  | 'token' // the code exchange or the ID token's validation failed (nonce, issuer, audience, signature…)
  | 'email_missing'
  | 'email_unverified'
  | 'domain' // the e-mail's domain is not one the workspace allows
  | 'account_conflict'; // the e-mail belongs to an account that cannot sign in with SSO (the demo login)

export type SsoOutcome =
  | { ok: true; session: StartedSession; userId: string; workspace: Workspace; returnTo: string }
  | { ok: false; reason: SsoFailure; workspace: Workspace | null };

/** A path on this server to go back to after signing in; anything else becomes '/'. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 1000) return '/';
  // eslint-disable-next-line no-control-regex
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') && !/[\u0000-\u001f]/.test(value) ? value : '/';
}

function clientOf(deps: SsoDeps, settings: SsoSettings) {
  return { issuer: settings.issuer, clientId: settings.clientId, clientSecret: deps.box.open(settings.clientSecretEnc) };
}

/** Step one: the provider's authorization URL, and the token for the browser-binding cookie. */
export async function startSsoSignIn(
  deps: SsoDeps,
  input: { settings: SsoSettings; redirectUri: string; returnTo: string },
): Promise<{ authorizationUrl: string; browserToken: string }> {
  const config = await providerConfig(clientOf(deps, input.settings), deps.now);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const browserToken = randomToken();
  await deleteExpiredLoginStates(deps.db, deps.now);
  await insertLoginState(deps.db, {
    stateHash: sha256(state),
    workspaceId: input.settings.workspaceId,
    browserHash: sha256(browserToken),
    nonce,
    codeVerifier,
    redirectUri: input.redirectUri,
    returnTo: safeReturnTo(input.returnTo),
    now: deps.now,
    expiresAt: new Date(deps.now.getTime() + SSO_STATE_TTL_MS),
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: SSO_SCOPE,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { authorizationUrl: url.href, browserToken };
}

async function failed(deps: SsoDeps, workspace: Workspace | null, reason: SsoFailure, detail: Record<string, unknown> = {}): Promise<SsoOutcome> {
  await recordSecurityEvent(deps.db, {
    type: 'sso_login_failed',
    workspaceId: workspace?.id ?? null,
    subject: typeof detail.email === 'string' ? detail.email : typeof detail.subject === 'string' ? detail.subject : null,
    detail: { reason, ...detail },
    meta: deps.meta,
    at: deps.now,
  });
  return { ok: false, reason, workspace };
}

async function claimsOf(config: oidc.Configuration, tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>): Promise<Omit<SsoClaims, 'email'> & { email: string | null }> {
  const id = tokens.claims()!;
  let source: Record<string, unknown> = id;
  // Many providers put the e-mail in the userinfo answer only (and oidc-provider by default).
  if (typeof id.email !== 'string') source = await oidc.fetchUserInfo(config, tokens.access_token, id.sub);
  const amr = Array.isArray(id.amr) ? id.amr : [];
  return {
    issuer: id.iss,
    subject: id.sub,
    email: typeof source.email === 'string' ? normaliseEmail(source.email) : null,
    emailVerified: source.email_verified === true || source.email_verified === 'true',
    name: typeof source.name === 'string' ? source.name.slice(0, 200) : null,
    mfa: amr.includes('mfa'),
  };
}

/** Step two: the provider sent the browser back with `params` (the callback's query). */
export async function finishSsoSignIn(deps: SsoDeps, input: { params: URLSearchParams; browserToken: string | null; previousToken: string | null }): Promise<SsoOutcome> {
  const state = input.params.get('state');
  const pending = state ? await takeLoginState(deps.db, sha256(state)) : null;
  if (!state || !pending) return failed(deps, null, 'state', { detail: state ? 'unknown or used state' : 'no state' });
  const workspace = await findWorkspace(deps.db, pending.workspaceId);
  if (!input.browserToken || !sameHash(sha256(input.browserToken), pending.browserHash)) return failed(deps, workspace, 'state', { detail: 'started in another browser' });
  if (pending.expiresAt.getTime() <= deps.now.getTime()) return failed(deps, workspace, 'expired');
  const settings = await findSsoSettings(deps.db, pending.workspaceId);
  if (!workspace || !settings?.enabled) return failed(deps, workspace, 'disabled');
  const providerError = input.params.get('error');
  if (providerError) return failed(deps, workspace, 'provider', { error: providerError.slice(0, 100), description: input.params.get('error_description')?.slice(0, 300) ?? null });

  let claims: Awaited<ReturnType<typeof claimsOf>>;
  try {
    const config = await providerConfig(clientOf(deps, settings), deps.now);
    const currentUrl = new URL(pending.redirectUri);
    for (const [key, value] of input.params) currentUrl.searchParams.append(key, value);
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
    claims = await claimsOf(config, tokens);
  } catch (error) {
    const message = (error as Error).message.slice(0, 300);
    const unreachable = error instanceof TypeError || (error as { code?: string }).code === 'OAUTH_TIMEOUT';
    return failed(deps, workspace, unreachable ? 'provider' : 'token', { message });
  }
  const who = { subject: claims.subject, ...(claims.email ? { email: claims.email } : {}) };
  if (!claims.email) return failed(deps, workspace, 'email_missing', who);
  if (!claims.emailVerified && !settings.allowUnverifiedEmail) return failed(deps, workspace, 'email_unverified', who);
  const domain = claims.email.slice(claims.email.lastIndexOf('@') + 1);
  if (settings.allowedDomains.length > 0 && !settings.allowedDomains.includes(domain)) return failed(deps, workspace, 'domain', who);

  const done = await provisionAndSignIn(deps.db, { settings, claims: { ...claims, email: claims.email }, meta: deps.meta, now: deps.now, policy: deps.policy });
  if (!done.ok) return failed(deps, workspace, done.reason, who);
  if (input.previousToken) await endSession(deps.db, input.previousToken);
  const actor = { type: 'user' as const, id: done.user.id, label: done.user.email };
  const target = { type: 'user', id: done.user.id, label: done.user.email };
  if (done.joined) {
    await recordAudit(deps.db, { workspaceIds: [workspace.id], actor, action: 'sso.member_provisioned', target, detail: { role: done.role, newAccount: done.created }, meta: deps.meta, at: deps.now });
  }
  await recordAudit(deps.db, {
    workspaceIds: [workspace.id],
    actor,
    action: 'auth.signed_in',
    target,
    detail: { method: 'sso', issuer: claims.issuer, mfa: claims.mfa, ...(done.linked ? { linked: true } : {}) },
    meta: deps.meta,
    at: deps.now,
  });
  return { ok: true, session: done.session, userId: done.user.id, workspace, returnTo: pending.returnTo };
}
