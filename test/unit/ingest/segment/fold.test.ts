// The roll-up's arithmetic, table-driven: messages in, accounts, people, usage, activity and
// outcomes out.
import { describe, expect, it } from 'vitest';
import { foldSignals, quantityOf } from '../../../../src/ingest/segment/fold.js';
import type { ClaimedSignal } from '../../../../src/store/signals-repo.js';

let n = 0;
const msg = (over: Partial<ClaimedSignal> & Pick<ClaimedSignal, 'type'>): ClaimedSignal => ({
  workspaceId: 'ws', messageId: `m${++n}`, event: over.type === 'page' ? '$page' : over.type === 'track' ? 'Run' : null, userId: 'u1', anonymousId: null,
  groupId: null, occurredAt: new Date('2026-03-08T10:00:00Z'), payload: {}, ...over,
});
const key = (ws: string, user: string) => `${ws}\u0001${user}`;

describe('foldSignals', () => {
  it('counts a track for the account of its user, a group in the same batch first', () => {
    const out = foldSignals([msg({ type: 'track', payload: { properties: { quantity: 4 } } }), msg({ type: 'group', groupId: 'acct', payload: { traits: { name: 'Acme', plan: 'pro' } } })], new Map());
    expect(out.usage).toEqual([{ workspaceId: 'ws', accountId: 'acct', day: '2026-03-08', event: 'Run', events: 1, quantity: 4 }]);
    expect(out.usageUsers).toEqual([{ workspaceId: 'ws', accountId: 'acct', day: '2026-03-08', event: 'Run', userId: 'u1' }]);
    expect(out.accounts[0]).toMatchObject({ accountId: 'acct', name: 'Acme', traits: { name: 'Acme', plan: 'pro' } });
    expect(out.users[0]).toMatchObject({ userId: 'u1', accountId: 'acct' });
    expect(out.grouped).toEqual([{ workspaceId: 'ws', userId: 'u1' }]);
    expect(out.outcomes.map((o) => o.outcome)).toEqual(['counted', 'counted']);
  });

  it.each<[string, ClaimedSignal[], Map<string, string>, string[]]>([
    ['a known user: counted', [msg({ type: 'track' })], new Map([[key('ws', 'u1'), 'acct']]), ['counted']],
    ['an unknown user: held', [msg({ type: 'track' })], new Map(), ['held']],
    ['anonymous without an account: dropped', [msg({ type: 'track', userId: null, anonymousId: 'a' })], new Map(), ['dropped']],
    ['anonymous with context.groupId: counted', [msg({ type: 'page', userId: null, anonymousId: 'a', groupId: 'acct' })], new Map(), ['counted']],
    ['anonymous identify: dropped', [msg({ type: 'identify', userId: null, anonymousId: 'a' })], new Map(), ['dropped']],
    ['another workspace’s account does not count', [msg({ type: 'track', workspaceId: 'ws2' })], new Map([[key('ws', 'u1'), 'acct']]), ['held']],
  ])('%s', (_label, signals, known, outcomes) => {
    expect(foldSignals(signals, known).outcomes.map((o) => o.outcome)).toEqual(outcomes);
  });

  it('sums events and quantity per account, UTC day and event, and users once per pair', () => {
    const known = new Map([[key('ws', 'u1'), 'acct'], [key('ws', 'u2'), 'acct']]);
    const out = foldSignals([
      msg({ type: 'track', occurredAt: new Date('2026-03-08T23:59:59.999Z'), payload: { properties: { quantity: 2 } } }),
      msg({ type: 'track', occurredAt: new Date('2026-03-09T00:00:00Z') }),
      msg({ type: 'track', userId: 'u2', payload: { properties: { quantity: '3' } } }),
      msg({ type: 'track', payload: { properties: { quantity: 0.5 } } }),
      msg({ type: 'page' }),
    ], known);
    expect(out.usage.map((u) => [u.day, u.event, u.events, u.quantity]).sort()).toEqual([
      ['2026-03-08', '$page', 1, 1],
      ['2026-03-08', 'Run', 3, 3.5],
      ['2026-03-09', 'Run', 1, 1],
    ]);
    expect(out.usageUsers.filter((u) => u.day === '2026-03-08' && u.event === 'Run').map((u) => u.userId).sort()).toEqual(['u1', 'u2']);
    expect(out.activity.find((a) => a.userId === 'u1' && a.day === '2026-03-08')?.events).toBe(3);
  });

  it('takes the e-mail from identify traits and marks the account touched', () => {
    const out = foldSignals([msg({ type: 'identify', payload: { traits: { email: ' Ann@Acme.Example ', role: 'admin' } } })], new Map([[key('ws', 'u1'), 'acct']]));
    expect(out.users[0]).toMatchObject({ email: 'ann@acme.example', traits: { role: 'admin' }, accountId: null });
    expect(out.touched).toEqual([{ workspaceId: 'ws', accountId: 'acct' }]);
  });

  it.each([[{ properties: { quantity: 7 } }, 7], [{ properties: { quantity: -1 } }, -1], [{ properties: { quantity: 'x' } }, 1], [{ properties: { quantity: null } }, 1], [{}, 1]])('quantity of %j is %d', (payload, q) => {
    expect(quantityOf({ payload })).toBe(q);
  });
});
