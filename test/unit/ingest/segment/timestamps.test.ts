// Segment timestamps read leniently, and when a message happened (clock-skew correction).
import { describe, expect, it } from 'vitest';
import { occurredAt, parseLooseTimestamp } from '../../../../src/ingest/segment/timestamps.js';

describe('parseLooseTimestamp', () => {
  it.each([
    ['2012-12-02T00:30:08.276Z', '2012-12-02T00:30:08.276Z'],
    ['2015-2-02T00:30:08.276Z', '2015-02-02T00:30:08.276Z'], // the spec's batch example
    ['2012-12-02', '2012-12-02T00:00:00.000Z'],
    ['2012-12-02T00:30:08+02:00', '2012-12-01T22:30:08.000Z'],
    ['2012-12-02T00:30:08-0530', '2012-12-02T06:00:08.000Z'],
    ['2012-12-02T00:30Z', '2012-12-02T00:30:00.000Z'],
    ['2012-12-02T00:30:08.123456Z', '2012-12-02T00:30:08.123Z'],
    ['2012-12-02 00:30:08Z', '2012-12-02T00:30:08.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(new Date(parseLooseTimestamp(text)!).toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '1354408208276', '2012-13-01', '2023-02-30', '2012-12-02T25:00:00Z', '02/12/2012'])('refuses %j', (text) => {
    expect(parseLooseTimestamp(text)).toBeNull();
  });
});

describe('occurredAt', () => {
  const received = new Date('2026-03-10T12:00:00.000Z');
  it.each([
    ['timestamp wins', { timestamp: '2026-03-01T00:00:00Z', originalTimestamp: '2026-03-02T00:00:00Z', sentAt: '2026-03-02T00:00:05Z' }, '2026-03-01T00:00:00.000Z'],
    ['device clock 1 h fast: corrected', { originalTimestamp: '2026-03-10T12:59:50Z', sentAt: '2026-03-10T13:00:00Z' }, '2026-03-10T11:59:50.000Z'],
    ['originalTimestamp alone', { originalTimestamp: '2026-03-09T08:00:00Z' }, '2026-03-09T08:00:00.000Z'],
    ['nothing: when received', {}, '2026-03-10T12:00:00.000Z'],
    ['far future: when received', { timestamp: '2026-03-11T00:00:00Z' }, '2026-03-10T12:00:00.000Z'],
    ['a minute ahead is kept', { timestamp: '2026-03-10T12:01:00Z' }, '2026-03-10T12:01:00.000Z'],
  ])('%s', (_label, times, iso) => {
    expect(occurredAt(times, received).toISOString()).toBe(iso);
  });

  it("uses the batch's sentAt for a message without its own", () => {
    expect(occurredAt({ originalTimestamp: '2026-03-10T11:00:00Z' }, received, '2026-03-10T11:00:30Z').toISOString()).toBe('2026-03-10T11:59:30.000Z');
  });
});
