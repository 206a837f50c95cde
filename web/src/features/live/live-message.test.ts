import { describe, expect, it } from 'vitest';
import { parseLiveEnvelope } from './live-message.js';

describe('parseLiveEnvelope', () => {
  it('reads an mrr_updated message', () => {
    const raw = JSON.stringify({
      type: 'mrr_updated',
      seq: 12,
      at: '2026-01-15T12:00:00.000Z',
      data: { currency: 'usd', mrr: 100, arr: 1200, payingCustomers: 1, arpa: 100 },
    });
    expect(parseLiveEnvelope(raw)).toEqual({
      type: 'mrr_updated',
      seq: 12,
      at: '2026-01-15T12:00:00.000Z',
      data: { currency: 'usd', mrr: 100, arr: 1200, payingCustomers: 1, arpa: 100 },
    });
  });

  it('passes unknown types through, so their seq still counts', () => {
    expect(parseLiveEnvelope('{"type":"new_signup","seq":3}')).toEqual({ type: 'new_signup', seq: 3, at: null, data: undefined });
  });

  it.each([
    ['not JSON', 'mrr_updated'],
    ['no type', '{"seq":1}'],
    ['type not a string', '{"type":5}'],
    ['fractional seq', '{"type":"x","seq":1.5}'],
    ['negative seq', '{"type":"x","seq":-1}'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"hello"'],
  ])('drops %s', (_name, raw) => {
    expect(parseLiveEnvelope(raw)).toBeNull();
  });

  it('drops binary frames', () => {
    expect(parseLiveEnvelope(new ArrayBuffer(4))).toBeNull();
  });
});
