import { describe, expect, it } from 'vitest';
import { summaryFixture } from './fixtures.js';
import { isEmptyWorkspace, mergeFetchedSummary, summarySchema } from './summary.js';

describe('summarySchema', () => {
  it('accepts the contract shape', () => {
    expect(summarySchema.safeParse(summaryFixture()).success).toBe(true);
    const withTarget = summaryFixture({
      target: { mrrTarget: 2_000_000, progress: 0.64, reached: false, daysToTarget: { value: null, reason: 'MRR has not grown' }, requiredDailyGrowth: { daysLeft: 16, amount: 44_707, rate: 0.028 } },
    });
    expect(summarySchema.safeParse(withTarget).success).toBe(true);
  });

  it.each([
    ['a float amount', { mrr: 12.5 }],
    ['an amount as a string', { mrr: '1284700' }],
    ['an upper-case currency', { currency: 'USD' }],
    ['negative customers', { payingCustomers: -1 }],
    ['a timestamp that is not ISO', { asOf: 'yesterday' }],
    ['no seq', { seq: undefined }],
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
  const cached = summaryFixture({ mrr: 2_000, seq: 12, lastEventAt: '2026-01-15T12:00:05.000Z' });

  it('takes the fetched summary when nothing is cached', () => {
    const fetched = summaryFixture();
    expect(mergeFetchedSummary(undefined, fetched)).toBe(fetched);
  });

  it('takes the fetched figures when they include every message the cache has seen', () => {
    const fetched = summaryFixture({ mrr: 1_000, seq: 12, lastEventAt: '2026-01-15T11:00:00.000Z' });
    const merged = mergeFetchedSummary(cached, fetched);
    expect(merged.mrr).toBe(1_000);
    expect(merged.lastEventAt).toBe('2026-01-15T12:00:05.000Z');
  });

  it('keeps figures from live messages newer than the response', () => {
    const fetched = summaryFixture({ mrr: 1_000, seq: 10, workspace: { id: 'ws_demo', name: 'Demo (renamed)' } });
    const merged = mergeFetchedSummary(cached, fetched);
    expect(merged.mrr).toBe(2_000);
    expect(merged.seq).toBe(12);
    expect(merged.workspace.name).toBe('Demo (renamed)');
  });

  it('never mixes two workspaces', () => {
    const other = summaryFixture({ workspace: { id: 'ws_other', name: 'Other' }, seq: 1 });
    expect(mergeFetchedSummary(cached, other)).toBe(other);
  });
});
