// Which sessions may open a workspace, as far as single sign-on is concerned (docs/sso.md):
//  - a session opened through a workspace's provider opens that workspace, and any other whose
//    enabled provider is the same issuer — never the rest: a workspace's admins choose its
//    provider, so that provider is trusted for that workspace alone;
//  - a password session is refused by a workspace that requires SSO, except for its owners
//    (break-glass: an IdP outage or a wrong setting must not lock everyone out).
// API keys are not sessions: SSO never applies to them. grant.ts asks this on every request
// and on every live-feed re-check.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { ssoAccessFacts } from '../store/sso-repo.js';
import type { GrantRole } from './permissions.js';

export type SsoAccess = 'allow' | 'sso_required' | 'sso_other_workspace';

export async function ssoAccess(db: Kysely<Database>, input: { workspaceId: string; sessionHash: string; role: GrantRole }): Promise<SsoAccess> {
  const { session, workspace } = await ssoAccessFacts(db, input);
  if (session) {
    if (session.workspaceId === input.workspaceId) return 'allow';
    return workspace?.enabled && workspace.issuer === session.issuer ? 'allow' : 'sso_other_workspace';
  }
  if (workspace?.enabled && workspace.required && input.role !== 'owner') return 'sso_required';
  return 'allow';
}
