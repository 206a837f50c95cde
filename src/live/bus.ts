// Fan-out of live messages across instances. Publishing stores the message (which gives it its
// per-workspace order and makes it replayable) and NOTIFYs every instance listening on the same
// database — PostgreSQL's LISTEN/NOTIFY, or PGlite's in-process equivalent.
import { sql } from 'kysely';
import type { Store } from '../store/db.js';
import { appendLiveMessage, liveMessagesSince, trimLiveMessages, type StoredLiveMessage } from '../store/live-repo.js';

export const LIVE_CHANNEL = 'revpulse_live';
const NOTIFY_LIMIT = 7000; // NOTIFY payloads must stay under 8000 bytes
const REPLAY_KEEP = 1000;

export type LiveMessage = StoredLiveMessage;
export type LiveBus = {
  publish(workspaceId: string, type: string, data: unknown): Promise<LiveMessage>;
  subscribe(onMessage: (message: LiveMessage) => void): Promise<() => Promise<void>>;
};

type Notice = { workspaceId: string; seq: number; message?: LiveMessage };

export function createLiveBus(store: Store): LiveBus {
  let published = 0;
  return {
    async publish(workspaceId, type, data) {
      const message = await appendLiveMessage(store.db, workspaceId, type, data);
      const full = JSON.stringify({ workspaceId, seq: message.seq, message } satisfies Notice);
      const payload = full.length <= NOTIFY_LIMIT ? full : JSON.stringify({ workspaceId, seq: message.seq } satisfies Notice);
      await sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(store.db);
      if (++published % 200 === 0) await trimLiveMessages(store.db, workspaceId, REPLAY_KEEP);
      return message;
    },
    async subscribe(onMessage) {
      return store.listen(LIVE_CHANNEL, (payload) => {
        const notice = JSON.parse(payload) as Notice;
        if (notice.message) {
          onMessage(notice.message);
          return;
        }
        void liveMessagesSince(store.db, notice.workspaceId, notice.seq - 1, 1).then((rows) => {
          const row = rows.find((r) => r.seq === notice.seq);
          if (row) onMessage(row);
        });
      });
    },
  };
}
