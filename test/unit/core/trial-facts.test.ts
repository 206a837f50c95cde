// The trial facts each TrialRecord carries, read from the subscription's own snapshots.
import { describe, expect, it } from 'vitest';
import { at, ledger, snap } from './subscription-fixtures.js';

const trialOf = (snaps: Parameters<typeof ledger>[0]) => {
  const trials = ledger(snaps).trials;
  expect(trials).toHaveLength(1);
  return trials[0]!;
};

describe('trial facts', () => {
  it.each([7, 14, 30])('a %i-day trial ends on its trial_end day, whatever its length', (days) => {
    const start = at('2024-03-01T10:00:00Z');
    const end = start + days * 86_400;
    const t = trialOf([snap('evt_1', start, { status: 'trialing', trialStart: start, trialEnd: end })]);
    expect(t).toMatchObject({ startedDay: '2024-03-01', trialEndDay: new Date(end * 1000).toISOString().slice(0, 10), convertedDay: null, endedDay: null });
  });

  it('takes the newest trial_end: a trial extended, then ended early', () => {
    const start = at('2024-03-01T10:00:00Z');
    const t = trialOf([
      snap('evt_1', start, { status: 'trialing', trialStart: start, trialEnd: at('2024-03-15T10:00:00Z') }),
      snap('evt_2', at('2024-03-10T10:00:00Z'), { status: 'trialing', trialStart: start, trialEnd: at('2024-03-29T10:00:00Z') }),
    ]);
    expect(t.trialEndDay).toBe('2024-03-29');
    const early = trialOf([
      snap('evt_1', start, { status: 'trialing', trialStart: start, trialEnd: at('2024-03-15T10:00:00Z') }),
      snap('evt_2', at('2024-03-05T08:00:00Z'), { status: 'active', trialStart: start, trialEnd: at('2024-03-05T08:00:00Z') }),
    ]);
    expect(early).toMatchObject({ trialEndDay: '2024-03-05', convertedDay: '2024-03-05', endedDay: null });
  });

  it('a second trial (a new trial_start) does not stretch the first one over the gap between them', () => {
    // The as-of property's counterexample: a trial from day 180 to 194, another from day 201.
    const first = at('2024-06-29T00:00:00Z');
    const second = at('2024-07-20T00:00:00Z');
    const t = trialOf([
      snap('evt_1', first, { status: 'trialing', trialStart: first, trialEnd: first + 14 * 86_400 }),
      snap('evt_2', second, { status: 'trialing', trialStart: second, trialEnd: second + 14 * 86_400 }),
    ]);
    expect(t).toMatchObject({ startedDay: '2024-06-29', trialEndDay: '2024-07-13' });
  });

  it('without a trial_end, the trial ends when the subscription leaves trialing (or is open)', () => {
    const open = trialOf([snap('evt_1', at('2024-03-01T10:00:00Z'), { status: 'trialing' })]);
    expect(open).toMatchObject({ startedDay: '2024-03-01', trialEndDay: null, endedDay: null });
    const left = trialOf([
      snap('evt_1', at('2024-03-01T10:00:00Z'), { status: 'trialing' }),
      snap('evt_2', at('2024-03-09T10:00:00Z'), { status: 'past_due' }),
    ]);
    expect(left.trialEndDay).toBe('2024-03-09');
  });

  it('a cancelled trial ends on its ended_at; a scheduled cancellation on its cancel_at', () => {
    const start = at('2024-03-01T10:00:00Z');
    const fields = { trialStart: start, trialEnd: at('2024-03-31T10:00:00Z') };
    const cancelled = trialOf([
      snap('evt_1', start, { status: 'trialing', ...fields }),
      snap('evt_2', at('2024-03-08T12:00:00Z'), { status: 'canceled', ...fields, canceledAt: at('2024-03-08T12:00:00Z'), endedAt: at('2024-03-08T12:00:00Z') }),
    ]);
    expect(cancelled).toMatchObject({ trialEndDay: '2024-03-31', endedDay: '2024-03-08', convertedDay: null });
    const scheduled = trialOf([
      snap('evt_1', start, { status: 'trialing', ...fields }),
      snap('evt_2', at('2024-03-08T12:00:00Z'), { status: 'trialing', ...fields, cancelAt: at('2024-03-20T00:00:00Z') }),
    ]);
    expect(scheduled.endedDay).toBe('2024-03-20');
  });

  it('a trial cancelled on its first day stays ended when the subscription comes back later', () => {
    // The as-of property's counterexample (seed 1365698342): trialing on day 180, deleted the same
    // day, active again on day 201 — the later event must not reopen the trial over days 180–194.
    const start = at('2024-06-29T03:00:00Z');
    const deleted = at('2024-06-29T09:00:00Z');
    const fields = { trialStart: start, trialEnd: start + 14 * 86_400 };
    const before = trialOf([
      snap('evt_1', start, { status: 'trialing', ...fields }),
      snap('evt_2', deleted, { status: 'canceled', endedAt: deleted }),
    ]);
    const after = trialOf([
      snap('evt_1', start, { status: 'trialing', ...fields }),
      snap('evt_2', deleted, { status: 'canceled', endedAt: deleted }),
      snap('evt_3', at('2024-07-20T05:00:00Z'), { status: 'active' }),
    ]);
    expect(before.endedDay).toBe('2024-06-29');
    expect(after).toMatchObject({ startedDay: before.startedDay, trialEndDay: before.trialEndDay, endedDay: '2024-06-29' });
  });

  it('a subscription that never trialled has no trial', () => {
    expect(ledger([snap('evt_1', '2024-03-01')]).trials).toEqual([]);
  });
});
