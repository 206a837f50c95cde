// Providers time events to the second and their ids carry no order: snapshots of one second are
// ordered along the subscription's lifecycle, whatever their ids.
import { describe, expect, it } from 'vitest';
import { rows, snap } from './subscription-fixtures.js';

describe('snapshots within one second', () => {
  it('an incomplete subscription activated in the same second counts as active', () => {
    // 'evt_a…' sorts before 'evt_z…': ids alone would make the incomplete state the later one.
    const activated = snap('evt_a_updated', '2024-03-01T10:00:00Z', { status: 'active' });
    const created = snap('evt_z_created', '2024-03-01T10:00:00Z', { status: 'incomplete' });
    expect(rows([created, activated])).toEqual([['2024-03-01', 'usd', expect.any(Number), expect.any(Number), 'new', 'evt_a_updated']]);
    expect(rows([activated, created])).toEqual(rows([created, activated]));
  });

  it('a subscription cancelled in the same second as an update ends', () => {
    const first = snap('evt_0', '2024-03-01T10:00:00Z', { status: 'active' });
    const ended = snap('evt_a_deleted', '2024-03-05T10:00:00Z', { status: 'canceled', endedAt: Date.parse('2024-03-05T10:00:00Z') / 1000 });
    const update = snap('evt_z_updated', '2024-03-05T10:00:00Z', { status: 'active' });
    const result = rows([first, ended, update]);
    expect(result.at(-1)).toEqual(['2024-03-05', 'usd', expect.any(Number), 0, 'churn', 'evt_a_deleted']);
  });
});
