// Fan-out of live messages across instances. Publishing stores the message (which gives it its
// per-workspace order and makes it replayable) and NOTIFYs every instance listening on the same
// database — PostgreSQL's LISTEN/NOTIFY, or PGlite's in-process equivalent. Both happen in one
// transaction that holds the workspace's feed lock: NOTIFY is delivered at commit, and commits
// of one workspace's messages happen in sequence order, so no listener sees a gap that fills in
// later (which a client keeping "the last seq I saw" would turn into a lost message).
import { sql, type Transaction } from 'kysely';
import type { Store } from '../store/db.js';
import { appendLiveMessages, liveMessagesSince, lockLiveFeed, trimLiveMessages, type StoredLiveMessage } from '../store/live-repo.js';
import type { Database } from '../store/schema.js';

export const LIVE_CHANNEL = 'revpulse_live';
const NOTIFY_LIMIT = 7000; // NOTIFY payloads must stay under 8000 bytes
/** The replay buffer per workspace: a client that missed more gets `resync`. */
export const REPLAY_KEEP = 1000;
const TRIM_EVERY = 200;

export type LiveMessage = StoredLiveMessage;
export type LiveBus = {
  publish(workspaceId: string, type: string, data: unknown): Promise<LiveMessage>;
  /** Publishes inside the caller's transaction (stored and NOTIFY'd when it commits). */
  publishIn(trx: Transaction<Database>, workspaceId: string, messages: ReadonlyArray<{ type: string; data: unknown }>): Promise<LiveMessage[]>;
  subscribe(onMessage: (message: LiveMessage) => void): Promise<() => Promise<void>>;
};

/** What travels on NOTIFY: the messages themselves when they fit, else their seqs to fetch. */
type Notice = { workspaceId: string; messages?: LiveMessage[]; seqs?: number[] };

/** Packs messages into as few notices as the payload limit allows, in order. */
export function packNotices(workspaceId: string, messages: readonly LiveMessage[]): string[] {
  const head = `{"workspaceId":${JSON.stringify(workspaceId)},"messages":[`;
  const payloads: string[] = [];
  let pack: string[] = [];
  let length = head.length + 2;
  const flush = () => {
    if (pack.length > 0) payloads.push(`${head}${pack.join(',')}]}`);
    pack = [];
    length = head.length + 2;
  };
  for (const message of messages) {
    const json = JSON.stringify(message);
    if (head.length + json.length + 2 > NOTIFY_LIMIT) {
      flush();
      payloads.push(JSON.stringify({ workspaceId, seqs: [message.seq] } satisfies Notice));
      continue;
    }
    if (length + json.length + 1 > NOTIFY_LIMIT) flush();
    pack.push(json);
    length += json.length + 1;
  }
  flush();
  return payloads;
}

/** `now` stamps the messages (their `at`); without it the database's clock does. A server given
 *  a clock (a test's pinned one) passes it, so the dashboard reads every time on one clock. */
export function createLiveBus(store: Store, options: { now?: () => Date } = {}): LiveBus {
  let published = 0;
  const publishIn: LiveBus['publishIn'] = async (trx, workspaceId, messages) => {
    if (messages.length === 0) return [];
    await lockLiveFeed(trx, workspaceId);
    const stored = await appendLiveMessages(trx, workspaceId, messages, options.now?.());
    const payloads = packNotices(workspaceId, stored);
    await sql`select ${sql.join(payloads.map((p) => sql`pg_notify(${LIVE_CHANNEL}, ${p})`))}`.execute(trx);
    const before = published;
    published += messages.length;
    if (Math.floor(published / TRIM_EVERY) !== Math.floor(before / TRIM_EVERY)) await trimLiveMessages(trx, workspaceId, REPLAY_KEEP);
    return stored;
  };
  return {
    publishIn,
    async publish(workspaceId, type, data) {
      const [message] = await store.db.transaction().execute((trx) => publishIn(trx, workspaceId, [{ type, data }]));
      return message!;
    },
    async subscribe(onMessage) {
      // Notices arrive in commit order; a notice that has to fetch its messages holds back the
      // ones after it, so delivery keeps sequence order.
      let chain: Promise<void> = Promise.resolve();
      return store.listen(LIVE_CHANNEL, (payload) => {
        const notice = JSON.parse(payload) as Notice;
        chain = chain.then(async () => {
          if (notice.messages) {
            for (const message of notice.messages) onMessage(message);
            return;
          }
          for (const seq of notice.seqs ?? []) {
            const rows = await liveMessagesSince(store.db, notice.workspaceId, seq - 1, 1);
            const row = rows.find((r) => r.seq === seq);
            if (row) onMessage(row);
          }
        }).catch(() => undefined);
      });
    },
  };
}
