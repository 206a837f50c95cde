// The WebSocket side of the live feed: which sockets are open for which workspace, delivering
// each bus message to them after re-checking that the client may still see it, replaying what a
// reconnecting client missed, and dropping connections that stop answering pings. The re-check
// may ask the database (is the session or key still valid, the membership still there?), so
// each connection delivers through its own queue: order is kept while checks are awaited. With
// `authorise`, the check runs once for all the messages waiting in a connection's queue (at
// 1,000 events a second, once per message per client would be a database query per frame);
// every message is still judged, in order, against access as it stands when it is delivered.
import type { WebSocket } from 'ws';
import type { LiveMessage } from './bus.js';
import { recordLiveMessagesSent, trackLiveClients } from '../observability/metrics.js';

export type LiveClient = {
  readonly workspaceId: string;
  /** Re-checked for every message, not only at connect. A rejection counts as "no". */
  readonly mayReceive: (message: LiveMessage) => boolean | Promise<boolean>;
  /** Checks access once for a batch of waiting messages: a predicate for each of them, or null
   *  when access is gone (nothing more is sent). Used instead of mayReceive when given. */
  readonly authorise?: () => Promise<((message: LiveMessage) => boolean) | null>;
  lastSeq: number;
};

type Connection = { socket: WebSocket; client: LiveClient; alive: boolean; buffered: LiveMessage[] | null; waiting: LiveMessage[]; draining: boolean };
type Backlog = { messages: LiveMessage[]; resync: boolean };

export type LiveHub = {
  /** Registers the socket at once (so nothing published meanwhile is lost), then sends the
   *  backlog, then whatever arrived while the backlog loaded, in sequence order. */
  attach(socket: WebSocket, client: LiveClient, loadBacklog: () => Promise<Backlog>): Promise<void>;
  deliver(message: LiveMessage): void;
  size(): number;
  close(): void;
};

const wireCache = new WeakMap<LiveMessage, Buffer>();

/** Only these fields of a message leave the server. */
export function wireMessage(message: LiveMessage): string {
  return JSON.stringify({ type: message.type, seq: message.seq, at: message.at, data: message.data });
}

/** The frame's payload, serialised and UTF-8 encoded once whatever the number of clients. */
function wireBytes(message: LiveMessage): Buffer {
  let wire = wireCache.get(message);
  if (wire === undefined) {
    wire = Buffer.from(wireMessage(message));
    wireCache.set(message, wire);
  }
  return wire;
}

async function judge(client: LiveClient, batch: readonly LiveMessage[]): Promise<boolean[] | null> {
  if (client.authorise) {
    const allowed = await client.authorise().catch(() => null);
    return allowed ? batch.map((m) => allowed(m)) : null;
  }
  const verdicts: boolean[] = [];
  for (const message of batch) verdicts.push(await Promise.resolve(client.mayReceive(message)).catch(() => false));
  return verdicts;
}

export function createLiveHub(options: { pingIntervalMs?: number } = {}): LiveHub {
  const connections = new Set<Connection>();
  const untrack = trackLiveClients(() => connections.size);

  const drain = async (conn: Connection) => {
    if (conn.draining) return;
    conn.draining = true;
    try {
      while (conn.waiting.length > 0) {
        const batch = conn.waiting.splice(0).filter((m) => m.seq > conn.client.lastSeq).sort((a, b) => a.seq - b.seq);
        if (batch.length === 0) continue;
        const verdicts = await judge(conn.client, batch);
        if (verdicts === null) {
          conn.waiting.length = 0;
          return;
        }
        // One write for the whole batch (each message still its own frame): at 50 clients and
        // thousands of messages a second, a system call per frame is the bottleneck.
        const raw = (conn.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
        raw?.cork();
        let sent = 0;
        batch.forEach((message, i) => {
          if (!verdicts[i] || conn.socket.readyState !== conn.socket.OPEN || message.seq <= conn.client.lastSeq) return;
          conn.client.lastSeq = message.seq;
          conn.socket.send(wireBytes(message), { binary: false });
          sent += 1;
        });
        raw?.uncork();
        recordLiveMessagesSent(sent);
      }
    } finally {
      conn.draining = false;
    }
  };

  const send = (conn: Connection, message: LiveMessage) => {
    if (message.workspaceId !== conn.client.workspaceId) return;
    if (message.seq <= conn.client.lastSeq) return; // already delivered (replay overlap)
    conn.waiting.push(message);
    void drain(conn).catch(() => undefined);
  };

  const ping = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.socket.terminate();
        connections.delete(conn);
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
  }, options.pingIntervalMs ?? 30_000);
  ping.unref();

  return {
    async attach(socket, client, loadBacklog) {
      const conn: Connection = { socket, client, alive: true, buffered: [], waiting: [], draining: false };
      connections.add(conn);
      socket.on('pong', () => (conn.alive = true));
      socket.on('close', () => connections.delete(conn));
      socket.on('error', () => connections.delete(conn));
      try {
        const backlog = await loadBacklog();
        if (backlog.resync) {
          socket.send(JSON.stringify({ type: 'resync', seq: client.lastSeq, at: new Date().toISOString(), data: {} }));
        }
        const waiting = conn.buffered ?? [];
        conn.buffered = null;
        for (const message of [...backlog.messages, ...waiting].sort((a, b) => a.seq - b.seq)) send(conn, message);
      } catch (error) {
        connections.delete(conn);
        socket.close(1011, 'could not load the live backlog');
        throw error;
      }
    },
    deliver(message) {
      for (const conn of connections) {
        if (conn.buffered) conn.buffered.push(message);
        else send(conn, message);
      }
    },
    size: () => connections.size,
    close() {
      untrack();
      clearInterval(ping);
      for (const conn of connections) conn.socket.close(1001, 'server shutting down');
      connections.clear();
    },
  };
}
