// Keeps one live feed open: connects, hands every well-formed message to the caller, and on any
// close reconnects with capped exponential backoff, resuming from the last seq seen. Framework-
// free (the socket, timers and clock are injected) so the reconnect rules are unit-tested.
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { parseLiveEnvelope, type LiveEnvelope } from './live-message.js';

/** `down`: several attempts in a row failed; we keep retrying quietly at the capped delay. */
export type ConnectionStatus = 'connecting' | 'open' | 'down';

export type SocketHandlers = { open: () => void; message: (data: unknown) => void; close: () => void };
export type SocketHandle = { close: () => void };
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export type LiveConnectionOptions = {
  url: (since: number | null) => string;
  createSocket: SocketFactory;
  onMessage: (message: LiveEnvelope) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Called when a connection opens after an earlier one was lost (a chance to resync once). */
  onReconnected?: () => void;
  /** Resume from this position on the first connection too (replays what came after it). */
  initialSince?: number | null;
  schedule?: (run: () => void, ms: number) => () => void;
  now?: () => number;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Consecutive failed attempts after which the status turns `down`. */
  downAfterFailures?: number;
  /** A connection open this long counts as healthy: the next drop retries from the base delay. */
  stableAfterMs?: number;
};

export type LiveConnection = {
  start: () => void;
  stop: () => void;
  /** Skip the pending backoff wait (e.g. the browser came back online). */
  retryNow: () => void;
  lastSeq: () => number | null;
};

const defaultSchedule = (run: () => void, ms: number): (() => void) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};

export function createLiveConnection(options: LiveConnectionOptions): LiveConnection {
  const schedule = options.schedule ?? defaultSchedule;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const downAfter = options.downAfterFailures ?? 5;
  const stableAfterMs = options.stableAfterMs ?? 10_000;

  let running = false;
  let socket: SocketHandle | null = null;
  let cancelRetry: (() => void) | null = null;
  let failures = 0;
  let everOpened = false;
  let openedAt: number | null = null;
  let seq: number | null = options.initialSince ?? null;
  let status: ConnectionStatus | null = null;

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    options.onStatus(next);
  };

  const connect = (): void => {
    cancelRetry = null;
    setStatus(failures >= downAfter ? 'down' : 'connecting');
    let current = true;
    const handle = options.createSocket(options.url(seq), {
      open: () => {
        if (!current || !running) return;
        openedAt = now();
        setStatus('open');
        if (everOpened) options.onReconnected?.();
        everOpened = true;
      },
      message: (data) => {
        if (!current || !running) return;
        const envelope = parseLiveEnvelope(data);
        if (!envelope) return;
        if (envelope.seq !== null) seq = envelope.seq;
        options.onMessage(envelope);
      },
      close: () => {
        if (!current || !running) return;
        current = false;
        socket = null;
        if (openedAt !== null && now() - openedAt >= stableAfterMs) failures = 0;
        openedAt = null;
        const delay = backoffDelay(failures, random, backoff);
        failures += 1;
        setStatus(failures >= downAfter ? 'down' : 'connecting');
        cancelRetry = schedule(connect, delay);
      },
    });
    socket = {
      close: () => {
        current = false;
        handle.close();
      },
    };
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      connect();
    },
    stop: () => {
      running = false;
      cancelRetry?.();
      cancelRetry = null;
      socket?.close();
      socket = null;
    },
    retryNow: () => {
      if (!running || !cancelRetry) return;
      cancelRetry();
      connect();
    },
    lastSeq: () => seq,
  };
}

/** The browser WebSocket behind the SocketFactory interface. */
export const browserSocket: SocketFactory = (url, handlers) => {
  let ws: WebSocket;
  try {
    ws = new WebSocket(url);
  } catch {
    // A malformed URL or a blocked port throws instead of closing; treat it as a failed attempt.
    queueMicrotask(handlers.close);
    return { close: () => undefined };
  }
  ws.onopen = () => handlers.open();
  ws.onmessage = (event: MessageEvent) => handlers.message(event.data);
  ws.onclose = () => handlers.close();
  return { close: () => ws.close() };
};
