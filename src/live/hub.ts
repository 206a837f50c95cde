// The WebSocket side of the live feed: which sockets are open for which workspace, delivering
// each bus message to them after re-checking that the client may still see it, replaying what a
// reconnecting client missed, and dropping connections that stop answering pings.
import type { WebSocket } from 'ws';
import type { LiveMessage } from './bus.js';

export type LiveClient = {
  readonly workspaceId: string;
  /** Re-checked for every message, not only at connect. */
  readonly mayReceive: (message: LiveMessage) => boolean;
  lastSeq: number;
};

type Connection = { socket: WebSocket; client: LiveClient; alive: boolean; buffered: LiveMessage[] | null };
type Backlog = { messages: LiveMessage[]; resync: boolean };

export type LiveHub = {
  /** Registers the socket at once (so nothing published meanwhile is lost), then sends the
   *  backlog, then whatever arrived while the backlog loaded, in sequence order. */
  attach(socket: WebSocket, client: LiveClient, loadBacklog: () => Promise<Backlog>): Promise<void>;
  deliver(message: LiveMessage): void;
  size(): number;
  close(): void;
};

/** Only these fields of a message leave the server. */
export function wireMessage(message: LiveMessage): string {
  return JSON.stringify({ type: message.type, seq: message.seq, at: message.at, data: message.data });
}

export function createLiveHub(options: { pingIntervalMs?: number } = {}): LiveHub {
  const connections = new Set<Connection>();
  const send = (conn: Connection, message: LiveMessage) => {
    if (message.seq <= conn.client.lastSeq) return; // already delivered (replay overlap)
    if (message.workspaceId !== conn.client.workspaceId || !conn.client.mayReceive(message)) return;
    conn.client.lastSeq = message.seq;
    conn.socket.send(wireMessage(message));
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
      const conn: Connection = { socket, client, alive: true, buffered: [] };
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
      clearInterval(ping);
      for (const conn of connections) conn.socket.close(1001, 'server shutting down');
      connections.clear();
    },
  };
}
