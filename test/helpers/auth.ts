// Signed-in callers for integration tests: people with a role in a workspace (a real session and
// its CSRF token, from the real endpoints) and API keys. Passwords are hashed once per file.
import type { Store } from '../../src/store/db.js';
import { createApiKey } from '../../src/accounts/api-keys.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { sessionPolicy, startSession } from '../../src/accounts/sessions.js';
import { addMembershipIfAbsent } from '../../src/store/memberships-repo.js';
import { createUser } from '../../src/store/users-repo.js';
import type { ApiKeyRole, Role } from '../../src/store/schema-accounts.js';
import { SESSION_COOKIE } from '../../src/api/auth/session-cookie.js';
import type { TestApp } from './app.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | null = null;
let counter = 0;

export type Caller = { headers: Record<string, string>; userId?: string; email?: string };

/** A person who is `role` in each of the workspaces, with a signed-in session. */
export async function signedInMember(
  t: TestApp,
  memberships: ReadonlyArray<{ workspaceId: string; role: Role }>,
  options: { email?: string; mfa?: boolean } = {},
): Promise<Caller & { userId: string; email: string; token: string }> {
  const store: Store = t.ctx.store;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = options.email ?? `person${++counter}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const user = await createUser(store.db, { email, passwordHash: await passwordHash, now: t.ctx.now() });
  for (const m of memberships) await addMembershipIfAbsent(store.db, { workspaceId: m.workspaceId, userId: user.id, role: m.role });
  const session = await startSession(store.db, {
    userId: user.id, stage: 'active', mfa: options.mfa ?? false, meta: { ip: '127.0.0.1', userAgent: 'test' }, now: t.ctx.now(), policy: sessionPolicy(t.ctx.config.auth),
  });
  const cookie = `${SESSION_COOKIE}=${session.token}`;
  const response = await t.app.inject({ url: '/v1/auth/session', headers: { cookie } });
  if (response.statusCode !== 200) throw new Error(`session check failed: ${response.body}`);
  const csrf = (response.json() as { csrfToken: string }).csrfToken;
  return { headers: { cookie, 'x-csrf-token': csrf }, userId: user.id, email, token: session.token };
}

export async function apiKeyCaller(t: TestApp, workspaceId: string, role: ApiKeyRole): Promise<Caller & { keyId: string; token: string }> {
  const { key, token } = await createApiKey(t.ctx.store.db, { workspaceId, name: `test ${role}`, role, createdBy: null, now: t.ctx.now() });
  return { headers: { authorization: `Bearer ${token}` }, keyId: key.id, token };
}
