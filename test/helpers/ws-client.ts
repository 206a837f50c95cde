import WebSocket from 'ws';

export type LiveFrame = { type: string; seq: number; at: string; data: Record<string, unknown> };

/** The handshake was refused with an HTTP answer instead of an upgrade. */
export class HandshakeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body}`);
  }
}

/** A real WebSocket client that records every frame and can wait for one that matches. */
export async function connectLive(url: string, options: { headers?: Record<string, string> } = {}) {
  const socket = new WebSocket(url, { headers: options.headers ?? {} });
  const frames: LiveFrame[] = [];
  const waiters: Array<{ match: (f: LiveFrame) => boolean; resolve: (f: LiveFrame) => void }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as LiveFrame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => reject(new HandshakeRefused(response.statusCode ?? 0, body)));
    });
  });
  return {
    frames,
    closed,
    next(match: (f: LiveFrame) => boolean, timeoutMs = 5000): Promise<LiveFrame> {
      const already = frames.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching live frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`)), timeoutMs);
        waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
      });
    },
    close: () => new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      socket.once('close', () => resolve());
      socket.close();
    }),
  };
}
