// Answering an invitation link. The token comes in the body (the page reads it from the URL's
// fragment), never in a URL a server or proxy would log.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { acceptAsMember, acceptAsNewcomer, lookupInvitation } from '../../accounts/invitations.js';
import { passwordSchema } from '../../accounts/passwords.js';
import { recordAudit } from '../../accounts/security-log.js';
import { endSession, sessionPolicy, startSession } from '../../accounts/sessions.js';
import { recordLogin } from '../../store/users-repo.js';
import type { AppContext } from '../context.js';
import { SMALL_BODY } from '../hardening.js';
import { idParam, text } from '../text-schema.js';
import { requestMeta, requireUser } from '../auth/principal.js';
import { readSessionToken, setSessionCookie } from '../auth/session-cookie.js';
import { csrfTokenFor } from './auth.js';

const tokenBody = z.object({ token: idParam });
const acceptBody = tokenBody.extend({ name: text(200).transform((s) => s.trim()).optional(), password: passwordSchema });

export async function invitationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/v1/invitations/lookup', { bodyLimit: SMALL_BODY, config: { access: 'public' } }, async (request) => {
    const { token } = tokenBody.parse(request.body);
    const invitation = await lookupInvitation(ctx.store.db, token, ctx.now());
    return {
      workspaceName: invitation.workspaceName,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      accountExists: invitation.accountExists,
    };
  });

  app.post('/v1/invitations/accept', { bodyLimit: SMALL_BODY, config: { access: 'public' } }, async (request, reply) => {
    const body = acceptBody.parse(request.body);
    const now = ctx.now();
    const { userId, invitation } = await acceptAsNewcomer(ctx.store.db, { token: body.token, name: body.name || null, password: body.password, now });
    const previous = readSessionToken(request);
    if (previous) await endSession(ctx.store.db, previous);
    await recordLogin(ctx.store.db, userId, now);
    const session = await startSession(ctx.store.db, { userId, stage: 'active', mfa: false, meta: requestMeta(request), now, policy: sessionPolicy(ctx.config.auth) });
    setSessionCookie(reply, ctx.config, session.token, session.expiresAt, now);
    await recordAudit(ctx.store.db, {
      workspaceIds: [invitation.workspaceId], actor: { type: 'user', id: userId, label: invitation.email }, action: 'team.invitation_accepted',
      target: { type: 'invitation', id: invitation.id, label: invitation.email }, detail: { role: invitation.role, newAccount: true }, meta: requestMeta(request), at: now,
    });
    return reply.status(201).send({ workspaceId: invitation.workspaceId, role: invitation.role, csrfToken: csrfTokenFor(request, reply, session.csrfSecret) });
  });

  app.post('/v1/invitations/join', { bodyLimit: SMALL_BODY, config: { access: 'user' } }, async (request) => {
    const user = requireUser(request);
    const { token } = tokenBody.parse(request.body);
    const invitation = await acceptAsMember(ctx.store.db, { token, userId: user.userId, email: user.email, now: ctx.now() });
    await recordAudit(ctx.store.db, {
      workspaceIds: [invitation.workspaceId], actor: { type: 'user', id: user.userId, label: user.email }, action: 'team.invitation_accepted',
      target: { type: 'invitation', id: invitation.id, label: invitation.email }, detail: { role: invitation.role, newAccount: false }, meta: requestMeta(request), at: ctx.now(),
    });
    return { workspaceId: invitation.workspaceId, role: invitation.role };
  });
}
