import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { summaryFixture } from '../features/metrics/fixtures.js';
import type { Summary } from '../features/metrics/summary.js';
import type { ActivityItem } from '../features/operations/activity.js';
import { createLiveSync, isLiveQuery } from './live-sync.js';

function harness() {
  const client = new QueryClient();
  let clock = 0;
  const timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  const sync = createLiveSync(client, 'ws_1', {
    now: () => clock,
    schedule: (run, ms) => {
      const timer = { at: clock + ms, run, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  const refreshes: number[] = [];
  const original = client.invalidateQueries.bind(client);
  client.invalidateQueries = ((...args: Parameters<typeof original>) => {
    refreshes.push(clock);
    return original(...args);
  }) as typeof client.invalidateQueries;
  const advance = (ms: number) => {
    clock += ms;
    for (const t of timers.filter((t) => !t.cancelled && t.at <= clock)) {
      t.cancelled = true;
      t.run();
    }
  };
  return { client, sync, refreshes, advance };
}

let seq = 0;
const payment = () => ({ type: 'payment_received', seq: ++seq, at: '2026-01-15T12:00:00.000Z', data: { paymentId: `ch_${seq}`, customerId: 'cus_1', invoiceId: null, currency: 'usd', amount: 500, eventId: `e${seq}` } });

describe('createLiveSync', () => {
  it('writes messages into the summary and the activity feed at once', () => {
    const { client, sync } = harness();
    client.setQueryData(['summary', 'ws_1'], summaryFixture({ seq: 0 }));
    sync.onMessage(payment());
    expect(client.getQueryData<Summary>(['summary', 'ws_1'])!.today.revenueCollected).toBe(summaryFixture().today.revenueCollected + 500);
    expect(client.getQueryData<ActivityItem[]>(['activity', 'ws_1'])).toHaveLength(1);
  });

  it('refetches once per burst, and at most once per spacing interval', () => {
    const { sync, refreshes, advance } = harness();
    for (let i = 0; i < 50; i += 1) sync.onMessage(payment());
    expect(refreshes).toEqual([]);
    advance(1_500);
    expect(refreshes).toEqual([1_500]);
    sync.onMessage(payment());
    advance(1_500);
    expect(refreshes).toEqual([1_500]);
    advance(3_499);
    expect(refreshes).toEqual([1_500]);
    advance(1);
    expect(refreshes).toEqual([1_500, 6_500]);
  });

  it('does not refetch for sync status, and refreshes only sources then', () => {
    const { sync, refreshes, advance } = harness();
    sync.onMessage({ type: 'sync_status', seq: ++seq, at: null, data: {} });
    advance(10_000);
    expect(refreshes).toHaveLength(1);
  });
});

describe('isLiveQuery', () => {
  it.each([
    [['series', 'ws_1', 'mrr'], true],
    [['movements', 'ws_1'], true],
    [['series', 'ws_2', 'mrr'], false],
    [['explain', 'ws_1'], false],
    [['activity', 'ws_1'], false],
  ])('%j → %s', (key, expected) => {
    expect(isLiveQuery('ws_1', key)).toBe(expected);
  });
});
