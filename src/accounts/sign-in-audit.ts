// Sign-ins, sign-outs and failed sign-ins of a known person, in the audit log of every workspace
// the person belongs to (so each workspace's owners see who came and went). Failed attempts are
// also security events (login.ts): those count for throttling and include unknown e-mails, which
// belong to no workspace.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { listUserWorkspaces } from '../store/memberships-repo.js';
import { recordAudit, type RequestMeta } from './security-log.js';

export type SignInMethod = 'password' | 'totp' | 'recovery_code';
export type SignInAction = 'auth.signed_in' | 'auth.signed_out' | 'auth.sign_in_failed';

export async function auditSignIn(
  db: Kysely<Database>,
  input: { action: SignInAction; user: { id: string; email: string }; detail?: Record<string, unknown>; meta: RequestMeta; at: Date },
): Promise<void> {
  const workspaces = await listUserWorkspaces(db, input.user.id);
  if (workspaces.length === 0) return;
  await recordAudit(db, {
    workspaceIds: workspaces.map((w) => w.id),
    actor: { type: 'user', id: input.user.id, label: input.user.email },
    action: input.action,
    target: { type: 'user', id: input.user.id, label: input.user.email },
    ...(input.detail ? { detail: input.detail } : {}),
    meta: input.meta,
    at: input.at,
  });
}
