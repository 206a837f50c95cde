import { describe, expect, it } from 'vitest';
import { summaryFixture } from './fixtures.js';
import { isEmptyWorkspace, mergeFetchedSummary, summarySchema } from './summary.js';

describe('summarySchema', () => {
  it('accepts the contract shape', () => {
    const body = {
      workspace: { id: 'ws_1', name: 'Demo' },
      currency: 'usd',
      mrr: 1_284_700,
      arr: 15_416_400,
      payingCustomers: 312,
      arpa: 4_118,
      asOf: '2026-01-15T12:00:00.000Z',
      lastEventAt: null,
    };
    expect(summarySchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['a float amount', { mrr: 12.5 }],
    ['an amount as a string', { mrr: '1284700' }],
    ['an upper-case currency', { currency: 'USD' }],
    ['negative customers', { payingCustomers: -1 }],
    ['a timestamp that is not ISO', { asOf: 'yesterday' }],
  ])('rejects %s', (_name, override) => {
    expect(summarySchema.safeParse({ ...summaryFixture(), ...override }).success).toBe(false);
  });
});

describe('isEmptyWorkspace', () => {
  it.each([
    ['never received an event', { lastEventAt: null, mrr: 0, payingCustomers: 0 }, true],
    ['has events, all churned', { lastEventAt: '2026-01-01T00:00:00Z', mrr: 0, payingCustomers: 0 }, false],
    ['has revenue', {}, false],
  ])('%s → %s', (_name, override, expected) => {
    expect(isEmptyWorkspace(summaryFixture(override))).toBe(expected);
  });
});

describe('mergeFetchedSummary', () => {
  const cached = summaryFixture({ mrr: 2_000, asOf: '2026-01-15T12:00:05.000Z' });
  const fetched = summaryFixture({ mrr: 1_000, asOf: '2026-01-15T12:00:07.000Z', workspace: { id: 'ws_demo', name: 'Demo (renamed)' } });

  it('takes the fetched summary when nothing is cached', () => {
    expect(mergeFetchedSummary(undefined, fetched, { cachedAt: 0, fetchStartedAt: 100 })).toBe(fetched);
  });

  it('takes the fetched summary when the cache did not change during the request', () => {
    expect(mergeFetchedSummary(cached, fetched, { cachedAt: 100, fetchStartedAt: 100 })).toBe(fetched);
    expect(mergeFetchedSummary(cached, fetched, { cachedAt: 50, fetchStartedAt: 100 })).toBe(fetched);
  });

  it('keeps figures a live update wrote while the request was in flight, whatever the server clocks say', () => {
    // The response claims a later asOf (another clock), yet the live update reached us after we asked.
    const merged = mergeFetchedSummary(cached, fetched, { cachedAt: 150, fetchStartedAt: 100 });
    expect(merged.mrr).toBe(2_000);
    expect(merged.asOf).toBe('2026-01-15T12:00:05.000Z');
    expect(merged.workspace.name).toBe('Demo (renamed)');
  });

  it('never mixes two workspaces', () => {
    const other = summaryFixture({ workspace: { id: 'ws_other', name: 'Other' } });
    expect(mergeFetchedSummary(cached, other, { cachedAt: 150, fetchStartedAt: 100 })).toBe(other);
  });
});
