import { describe, expect, it } from 'vitest';
import { createLiveConnection, type ConnectionStatus, type SocketHandlers } from './live-connection.js';
import type { LiveEnvelope } from './live-message.js';

type FakeSocket = { url: string; handlers: SocketHandlers; closed: boolean };
type FakeTimer = { run: () => void; ms: number; cancelled: boolean; fired: boolean };

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: FakeTimer[] = [];
  const statuses: ConnectionStatus[] = [];
  const messages: LiveEnvelope[] = [];
  const clock = { now: 0 };
  let reconnects = 0;

  const connection = createLiveConnection({
    url: (since) => (since === null ? '/live' : `/live?since=${since}`),
    createSocket: (url, handlers) => {
      const socket = { url, handlers, closed: false };
      sockets.push(socket);
      return { close: () => void (socket.closed = true) };
    },
    onMessage: (message) => messages.push(message),
    onStatus: (status) => statuses.push(status),
    onReconnected: () => void (reconnects += 1),
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false, fired: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
    now: () => clock.now,
    random: () => 1, // the top of each backoff step, so delays are exact
  });

  const latest = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  };
  const pendingTimers = (): FakeTimer[] => timers.filter((t) => !t.cancelled && !t.fired);
  /** Runs the one pending retry and returns the delay it was scheduled with. */
  const fireRetry = (): number => {
    const pending = pendingTimers();
    expect(pending).toHaveLength(1);
    const timer = pending[0]!;
    timer.fired = true;
    clock.now += timer.ms;
    timer.run();
    return timer.ms;
  };
  const fail = (): number => {
    latest().handlers.close();
    return fireRetry();
  };

  return { connection, sockets, statuses, messages, clock, latest, pendingTimers, fireRetry, fail, reconnects: () => reconnects };
}

const mrr = (seq: number) =>
  JSON.stringify({ type: 'mrr_updated', seq, at: '2026-01-15T12:00:00Z', data: { currency: 'usd', mrr: seq, arr: 12 * seq, payingCustomers: 1, arpa: seq } });

describe('createLiveConnection', () => {
  it('connects without `since` the first time and reports the socket opening', () => {
    const h = harness();
    h.connection.start();
    expect(h.sockets.map((s) => s.url)).toEqual(['/live']);
    expect(h.statuses).toEqual(['connecting']);
    h.latest().handlers.open();
    expect(h.statuses).toEqual(['connecting', 'open']);
    expect(h.reconnects()).toBe(0);
  });

  it('forwards well-formed messages of any type and drops garbage', () => {
    const h = harness();
    h.connection.start();
    h.latest().handlers.open();
    h.latest().handlers.message(mrr(1));
    h.latest().handlers.message('{not json');
    h.latest().handlers.message('{"type":"new_signup","seq":2}');
    expect(h.messages.map((m) => [m.type, m.seq])).toEqual([
      ['mrr_updated', 1],
      ['new_signup', 2],
    ]);
    expect(h.connection.lastSeq()).toBe(2);
  });

  it('reconnects after a drop, resuming from the last seq, and says so once open', () => {
    const h = harness();
    h.connection.start();
    h.latest().handlers.open();
    h.latest().handlers.message(mrr(7));
    h.latest().handlers.close();
    expect(h.statuses.at(-1)).toBe('connecting');
    expect(h.fireRetry()).toBe(500);
    expect(h.latest().url).toBe('/live?since=7');
    h.latest().handlers.open();
    expect(h.statuses.at(-1)).toBe('open');
    expect(h.reconnects()).toBe(1);
  });

  it('backs off exponentially up to 10 s and turns `down` after five failures in a row', () => {
    const h = harness();
    h.connection.start();
    const delays: number[] = [];
    const statuses: ConnectionStatus[] = [];
    for (let i = 0; i < 7; i += 1) {
      h.latest().handlers.close();
      statuses.push(h.statuses.at(-1)!);
      delays.push(h.fireRetry());
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(statuses).toEqual(['connecting', 'connecting', 'connecting', 'connecting', 'down', 'down', 'down']);
    h.latest().handlers.open();
    expect(h.statuses.at(-1)).toBe('open');
    // It never opened before, so this first success is not a "reconnect".
    expect(h.reconnects()).toBe(0);
  });

  it('starts over from the base delay after a connection that stayed up', () => {
    const h = harness();
    h.connection.start();
    expect([h.fail(), h.fail(), h.fail()]).toEqual([500, 1000, 2000]);
    h.latest().handlers.open();
    h.clock.now += 10_000;
    expect(h.fail()).toBe(500);
  });

  it('keeps backing off when connections open and drop at once (a flapping server)', () => {
    const h = harness();
    h.connection.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      h.latest().handlers.open();
      h.clock.now += 100;
      delays.push(h.fail());
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
  });

  it('stops cleanly: closes the socket, cancels the retry, and ignores late events', () => {
    const h = harness();
    h.connection.start();
    h.latest().handlers.open();
    h.latest().handlers.close();
    expect(h.pendingTimers()).toHaveLength(1);
    h.connection.stop();
    expect(h.pendingTimers()).toHaveLength(0);

    const h2 = harness();
    h2.connection.start();
    const socket = h2.latest();
    socket.handlers.open();
    h2.connection.stop();
    expect(socket.closed).toBe(true);
    const statusesBefore = [...h2.statuses];
    socket.handlers.message(mrr(1));
    socket.handlers.close();
    expect(h2.messages).toEqual([]);
    expect(h2.pendingTimers()).toHaveLength(0);
    expect(h2.statuses).toEqual(statusesBefore);
  });

  it('retries at once on request instead of waiting out the backoff', () => {
    const h = harness();
    h.connection.start();
    h.latest().handlers.close();
    expect(h.sockets).toHaveLength(1);
    h.connection.retryNow();
    expect(h.sockets).toHaveLength(2);
    expect(h.pendingTimers()).toHaveLength(0);
    // With a socket already on its way there is nothing to skip.
    h.connection.retryNow();
    expect(h.sockets).toHaveLength(2);
  });

  it('ignores events from a socket it has already replaced', () => {
    const h = harness();
    h.connection.start();
    const first = h.latest();
    first.handlers.close();
    h.fireRetry();
    first.handlers.message(mrr(99));
    first.handlers.close();
    expect(h.messages).toEqual([]);
    expect(h.pendingTimers()).toHaveLength(0);
  });
});
