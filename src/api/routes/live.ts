import type { FastifyInstance } from 'fastify';
import { z, ZodError } from 'zod';
import { describeZodError } from '../error-handler.js';
import { liveMessagesSince, latestLiveSeq, trimmedThrough } from '../../store/live-repo.js';
import { REPLAY_KEEP, type LiveMessage } from '../../live/bus.js';
import { sessionPolicy } from '../../accounts/sessions.js';
import type { AppContext } from '../context.js';
import { recheckRole } from '../auth/grant.js';
import { can, livePermission, type GrantRole } from '../../accounts/permissions.js';
import { resolveWorkspace } from '../workspace-param.js';

const REPLAY_LIMIT = REPLAY_KEEP;
const liveQuery = z.object({ since: z.coerce.number().int().min(0).optional() });

/** Close code when access ends while connected (logout, expiry, revocation, removal). */
export const ACCESS_REVOKED = 4403;

export async function liveRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  /** Re-checks of access in flight, shared by the connections of one caller (see authorise). */
  const rechecks = new Map<string, Promise<GrantRole | null>>();
  // The authorisation hook has authenticated the handshake and checked metrics:read in the
  // workspace; every message is checked again below, against the database.
  app.get('/v1/live', { websocket: true, config: { access: 'metrics:read' } }, async (socket, request) => {
    let workspaceId: string;
    let since: number | undefined;
    try {
      workspaceId = (await resolveWorkspace(ctx.store.db, request)).id;
      since = liveQuery.parse(request.query).since;
    } catch (error) {
      const reason = error instanceof ZodError ? describeZodError(error) : (error as Error).message;
      socket.close(1008, reason.slice(0, 120));
      return;
    }
    const principal = request.auth!.principal;
    // Access is re-read for every batch of waiting messages and each message is judged against
    // it (src/live/hub.ts): one query per batch, not per frame, and connections of the same
    // caller re-checking at the same moment share that query.
    const recheckKey = `${workspaceId}|${principal.kind === 'key' ? principal.keyId : principal.sessionHash}`;
    const authorise = async () => {
      let pending = rechecks.get(recheckKey);
      if (!pending) {
        pending = recheckRole(ctx.store.db, principal, workspaceId, { now: ctx.now(), policy: sessionPolicy(ctx.config.auth) }).finally(() => rechecks.delete(recheckKey));
        rechecks.set(recheckKey, pending);
      }
      const role = await pending;
      if (!role) {
        socket.close(ACCESS_REVOKED, 'access revoked');
        return null;
      }
      return (message: { type: string }) => {
        const permission = livePermission(message.type);
        return permission !== null && can(role, permission);
      };
    };
    const mayReceive = async (message: LiveMessage) => (await authorise())?.(message) ?? false;
    const current = since ?? (await latestLiveSeq(ctx.store.db, workspaceId));
    await ctx.hub.attach(socket, { workspaceId, mayReceive, authorise, lastSeq: current }, async () => {
      if (since === undefined) return { messages: [], resync: false };
      // Messages after `since` were trimmed from the buffer: the client must refetch.
      if (since < (await trimmedThrough(ctx.store.db, workspaceId))) return { messages: [], resync: true };
      const messages = await liveMessagesSince(ctx.store.db, workspaceId, since, REPLAY_LIMIT + 1);
      if (messages.length > REPLAY_LIMIT) return { messages: [], resync: true };
      return { messages, resync: false };
    });
  });
}
