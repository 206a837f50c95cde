// Who is calling: an API key — `Authorization: Bearer rvp_…`, or HTTP Basic with the key as the
// username and an empty password, the way Segment-compatible SDKs send a write key — or the
// session cookie (a person). Anything else is no one. A bad key is a security event; an expired
// session is not.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { findApiKeyForAuth, touchApiKey } from '../../store/api-keys-repo.js';
import { recordSecurityEvent } from '../../accounts/security-log.js';
import { readSession, sessionPolicy } from '../../accounts/sessions.js';
import { parseApiKeyToken, sameHash, sha256 } from '../../accounts/tokens.js';
import { requestMeta, type Principal } from './principal.js';
import { readSessionToken } from './session-cookie.js';

export type Authentication =
  | { ok: true; principal: Principal; via: 'cookie' | 'bearer' | 'basic' }
  | { ok: false; reason: 'none' | 'expired' | 'bad_key' | 'bad_session' };

/** The API key in `Authorization: Basic base64(key:)`: the username, the password empty (or the
 *  colon left out, which older SDKs do); null when the header is not that. */
export function basicApiKey(credentials: string): string | null {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [user, password] = colon === -1 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return user.length > 0 && user.length <= 200 && password === '' && !/\s/.test(user) ? user : null;
}

async function fromApiKey(ctx: AppContext, request: FastifyRequest, token: string, via: 'bearer' | 'basic'): Promise<Authentication> {
  const parsed = parseApiKeyToken(token);
  const key = parsed ? await findApiKeyForAuth(ctx.store.db, parsed.keyId) : null;
  const valid = key !== null && sameHash(key.secretHash, sha256(token));
  if (!key || !valid || key.revokedAt) {
    await recordSecurityEvent(ctx.store.db, {
      type: 'api_key_invalid',
      workspaceId: valid ? key.workspaceId : null,
      subject: parsed?.keyId ?? token.slice(0, 16),
      detail: { reason: !parsed ? 'malformed' : !key || !valid ? 'unknown' : 'revoked' },
      meta: requestMeta(request),
      at: ctx.now(),
    });
    return { ok: false, reason: 'bad_key' };
  }
  await touchApiKey(ctx.store.db, key.workspaceId, key.id, ctx.now());
  return { ok: true, via, principal: { kind: 'key', keyId: key.id, workspaceId: key.workspaceId, role: key.role, name: key.name } };
}

export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Authentication> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const bearer = /^Bearer\s+(\S{1,200})$/i.exec(header);
    if (bearer) return fromApiKey(ctx, request, bearer[1]!, 'bearer');
    const basic = /^Basic\s+([A-Za-z0-9+/=]{1,400})$/i.exec(header);
    const key = basic ? basicApiKey(basic[1]!) : null;
    return key ? fromApiKey(ctx, request, key, 'basic') : { ok: false, reason: 'bad_key' };
  }
  const token = readSessionToken(request);
  if (!token) return { ok: false, reason: 'none' };
  const found = await readSession(ctx.store.db, token, { now: ctx.now(), policy: sessionPolicy(ctx.config.auth), stage: 'active', touch: true });
  if (found.status === 'expired') return { ok: false, reason: 'expired' };
  if (found.status === 'missing') return { ok: false, reason: 'bad_session' };
  const { session } = found;
  return {
    ok: true,
    via: 'cookie',
    principal: {
      kind: 'user',
      userId: session.userId,
      email: session.user.email,
      name: session.user.name,
      userKind: session.user.kind,
      totpEnabled: session.user.totpEnabled,
      token,
      sessionHash: session.hash,
      csrfSecret: session.csrfSecret,
      mfa: session.mfa,
    },
  };
}
