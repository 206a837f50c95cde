import { describe, expect, it } from 'vitest';
import { REPORT_KINDS, reportDelivery } from '@read/reports/contract.js';
import { formatBytes, formatDuration, isMoving, mayResend, recipientsShort, refreshInterval, STATUS_LABELS, type DeliveryStatus } from './delivery-view.js';

const STATUSES = reportDelivery.shape.status.options as readonly DeliveryStatus[];

describe('delivery rules', () => {
  it('labels every status the contract has', () => {
    for (const s of STATUSES) expect(STATUS_LABELS[s]).toBeTruthy();
    expect(REPORT_KINDS).toContain('custom');
  });

  it('resends only failed and interrupted rows; refreshes while a row is queued, rendering or sending', () => {
    expect(STATUSES.filter((status) => mayResend({ status }))).toEqual(['failed', 'interrupted']);
    expect(STATUSES.filter((status) => isMoving({ status }))).toEqual(['pending', 'rendering', 'sending']);
    expect(refreshInterval([{ status: 'sent' }, { status: 'failed' }])).toBe(false);
    expect(refreshInterval([{ status: 'sent' }, { status: 'sending' }])).toBeGreaterThan(0);
    expect(refreshInterval(undefined)).toBe(false);
  });
});

describe('formatting', () => {
  it.each([
    [null, '—'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [188_416, '184 KB'],
    [3_250_000, '3.1 MB'],
  ])('%s bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes, 'en-US')).toBe(text);
  });

  it.each([
    [null, '—'],
    [840, '840 ms'],
    [1234, '1.2 s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms, 'en-US')).toBe(text);
  });

  it('shortens long recipient lists', () => {
    expect(recipientsShort(['a@x.com'])).toBe('a@x.com');
    expect(recipientsShort(['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com'])).toBe('a@x.com, b@x.com +2');
  });
});
