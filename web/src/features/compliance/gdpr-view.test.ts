import { describe, expect, it } from 'vitest';
import type { GdprRequestView } from '@read/gdpr/contract.js';
import { formatBytes, outcomeText, refreshInterval } from './gdpr-view.js';

const base: GdprRequestView = {
  requestId: 'gdpr_1', kind: 'export', customerId: 'cus_1', status: 'completed', requestedBy: { type: 'user', label: 'a@example.com' },
  requestedAt: '2026-03-02T10:00:00.000Z', startedAt: null, completedAt: null, error: null, pseudonym: null, counts: { customers: 1, raw_events: 4 }, download: null,
};

describe('GDPR request shaping', () => {
  it('reads the queue again only while something is moving', () => {
    expect(refreshInterval([{ status: 'completed' }, { status: 'failed' }])).toBe(false);
    expect(refreshInterval([{ status: 'completed' }, { status: 'pending' }])).toBe(2_000);
    expect(refreshInterval(undefined)).toBe(false);
  });

  it.each([
    [{ download: { bytes: 2048, expiresAt: '2026-03-09T10:00:00.000Z' } }, /^5 rows, 2 KB · kept until /],
    [{}, /^5 rows exported; the file has expired$/],
    [{ kind: 'delete' as const, pseudonym: 'Customer 7f3a' }, /^Deleted \(5 rows changed\) · now “Customer 7f3a”$/],
    [{ status: 'failed' as const, error: 'No customer cus_1 in this workspace' }, /^No customer cus_1 in this workspace$/],
    [{ status: 'pending' as const }, /^Waiting to be processed…$/],
  ])('says what came of %j', (change, expected) => {
    expect(outcomeText({ ...base, ...change }, 'en-GB')).toMatch(expected);
  });

  it('sizes files', () => {
    expect([formatBytes(500), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual(['500 B', '2 KB', '3.0 MB']);
  });
});
