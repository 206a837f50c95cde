// Team management for owners and admins: members and their roles, invitations (the link is shown
// to the inviter once: Revpulse sends no email), and the workspace's second-factor policy.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { changeRole, invite, removeMember } from '../../accounts/team.js';
import { listOpenInvitations, revokeInvitation } from '../../store/invitations-repo.js';
import { listMembers, requiresAdminTotp, setRequireAdminTotp } from '../../store/memberships-repo.js';
import { findUser } from '../../store/users-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { ROLES, type Permission } from '../../accounts/permissions.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { idParam } from '../text-schema.js';

const role = z.enum(ROLES);
const inviteBody = z.object({ email: z.email({ error: 'must be an email address' }).max(254), role });
const roleBody = z.object({ role });
const securityBody = z.object({ requireAdminTotp: z.boolean() });
const memberParams = z.object({ userId: idParam });
const invitationParams = z.object({ invitationId: idParam });

export function invitationLink(ctx: AppContext, request: FastifyRequest, token: string): string {
  const origin = ctx.config.publicUrl ? new URL(ctx.config.publicUrl).origin : `${request.protocol}://${request.host}`;
  // The token travels in the fragment: browsers never send it to a server or put it in logs.
  return `${origin}/accept-invite#${token}`;
}

export async function teamRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const manage = (access: Permission = 'team:manage') => ({ bodyLimit: SMALL_BODY, config: { access } });
  const audit = (request: FastifyRequest, action: string, target: { type: string; id: string | null; label?: string | null }, detail?: Record<string, unknown>) => {
    const { workspace, principal } = requireGrant(request);
    return recordAudit(ctx.store.db, { workspaceIds: [workspace.id], actor: actorOf(principal), action, target, detail, meta: requestMeta(request), at: ctx.now() });
  };

  app.get('/v1/team', manage(), async (request) => {
    const { workspace } = requireGrant(request);
    const [members, invitations, requireAdminTotp] = await Promise.all([
      listMembers(ctx.store.db, workspace.id),
      listOpenInvitations(ctx.store.db, workspace.id, ctx.now()),
      requiresAdminTotp(ctx.store.db, workspace.id),
    ]);
    return { members, invitations, requireAdminTotp };
  });

  app.post('/v1/team/invitations', manage(), async (request, reply) => {
    const { workspace, role: actorRole, principal } = requireGrant(request);
    const body = inviteBody.parse(request.body);
    const { invitation, token } = await invite(ctx.store.db, {
      workspaceId: workspace.id, actorRole, actorId: principal.kind === 'user' ? principal.userId : null, email: body.email, role: body.role, now: ctx.now(),
    });
    await audit(request, 'team.invitation_created', { type: 'invitation', id: invitation.id, label: invitation.email }, { role: invitation.role });
    return reply.status(201).send({ invitation, link: invitationLink(ctx, request, token) });
  });

  app.delete('/v1/team/invitations/:invitationId', manage(), async (request) => {
    const { workspace } = requireGrant(request);
    const { invitationId } = invitationParams.parse(request.params);
    const invitation = await revokeInvitation(ctx.store.db, workspace.id, invitationId, ctx.now());
    if (!invitation) throw new ApiError('RVP_NOT_FOUND', 'No open invitation with this id in the workspace.');
    await audit(request, 'team.invitation_revoked', { type: 'invitation', id: invitation.id, label: invitation.email });
    return { invitation };
  });

  app.patch('/v1/team/members/:userId', manage(), async (request) => {
    const { workspace, role: actorRole } = requireGrant(request);
    const { userId } = memberParams.parse(request.params);
    const { role: next } = roleBody.parse(request.body);
    const change = await changeRole(ctx.store.db, { workspaceId: workspace.id, actorRole, userId, role: next });
    const user = await findUser(ctx.store.db, userId);
    await audit(request, 'team.role_changed', { type: 'user', id: userId, label: user?.email ?? null }, change);
    return { userId, role: change.to };
  });

  app.delete('/v1/team/members/:userId', manage(), async (request) => {
    const { workspace, role: actorRole } = requireGrant(request);
    const { userId } = memberParams.parse(request.params);
    const user = await findUser(ctx.store.db, userId);
    const removed = await removeMember(ctx.store.db, { workspaceId: workspace.id, actorRole, userId });
    await audit(request, 'team.member_removed', { type: 'user', id: userId, label: user?.email ?? null }, removed);
    return { removed: true };
  });

  app.put('/v1/team/security', manage('settings:write'), async (request) => {
    const { workspace, principal } = requireGrant(request);
    const body = securityBody.parse(request.body);
    if (body.requireAdminTotp && principal.kind === 'user' && !principal.mfa) {
      throw new ApiError('RVP_TOTP_REQUIRED', 'Turn on two-factor authentication for your own account (and sign in with it) before requiring it for admins.');
    }
    await setRequireAdminTotp(ctx.store.db, workspace.id, body.requireAdminTotp, ctx.now());
    await audit(request, 'settings.security_updated', { type: 'workspace', id: workspace.id, label: workspace.name }, body);
    return body;
  });
}
