import type { FastifyInstance } from 'fastify';
import { z, ZodError } from 'zod';
import { describeZodError } from '../error-handler.js';
import { liveMessagesSince, latestLiveSeq } from '../../store/live-repo.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';

const REPLAY_LIMIT = 1000;
const liveQuery = z.object({ since: z.coerce.number().int().min(0).optional() });

export async function liveRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
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
    const current = since ?? (await latestLiveSeq(ctx.store.db, workspaceId));
    await ctx.hub.attach(socket, { workspaceId, mayReceive: (m) => m.workspaceId === workspaceId, lastSeq: current }, async () => {
      if (since === undefined) return { messages: [], resync: false };
      const messages = await liveMessagesSince(ctx.store.db, workspaceId, since, REPLAY_LIMIT + 1);
      if (messages.length > REPLAY_LIMIT) return { messages: [], resync: true };
      return { messages, resync: false };
    });
  });
}
