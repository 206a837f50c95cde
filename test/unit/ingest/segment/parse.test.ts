// The parse step: the Segment spec's example payloads as-is, and each kind of bad input named by
// its field (and message index in a batch).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeIssues, parseSignalBody, unstorable, type SignalRoute } from '../../../../src/ingest/segment/parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/segment/${name}.json`, import.meta.url), 'utf8');

describe('parseSignalBody', () => {
  it.each([
    ['identify', 'identify', 1],
    ['identify', 'identify-integrations', 1],
    ['track', 'track', 1],
    ['page', 'page', 1],
    ['screen', 'screen', 1],
    ['group', 'group', 1],
    ['batch', 'batch', 4],
  ] as const)('accepts the spec example %s (%s.json) as-is', (route, file, count) => {
    const parsed = parseSignalBody(route, fixture(file));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.messages).toHaveLength(count);
    if (route !== 'batch') expect(parsed.messages[0]!.type).toBe(route);
  });

  it('keeps the batch context and sentAt as the envelope', () => {
    const parsed = parseSignalBody('batch', fixture('batch'));
    expect(parsed.ok && parsed.envelope.context).toEqual({ device: { type: 'phone', name: 'Apple iPhone 6' } });
  });

  it.each<[SignalRoute, unknown, string]>([
    ['track', { userId: 'u' }, 'event: is required for a track call'],
    ['track', { event: 'x' }, 'userId: a userId or an anonymousId is required'],
    ['track', { userId: '', event: 'x' }, 'userId: must not be empty'],
    ['track', { userId: 'u', event: 'x'.repeat(201) }, 'event: must be at most 200 characters'],
    ['track', { userId: 'u', event: 'x', properties: [1] }, 'properties: must be an object'],
    ['track', { userId: 'u', event: 'x', timestamp: '02/12/2012' }, 'timestamp: must be an ISO 8601 date string'],
    ['track', { type: 'page', userId: 'u', event: 'x' }, 'type: must be "track" on /v1/track (or left out)'],
    ['group', { userId: 'u' }, 'groupId: is required for a group call'],
    ['identify', [], 'body: must be a JSON object'],
    ['identify', 'not json', 'body: is not valid JSON'],
    ['batch', { batch: [] }, 'batch: must hold at least one message'],
    ['batch', {}, 'batch: is required: an array of messages'],
    ['batch', { batch: [{ userId: 'u', event: 'x' }] }, 'batch[0].type: must be one of track, identify, group, page, screen'],
    ['batch', { batch: [{ type: 'track', userId: 'u', event: 'ok' }, { type: 'track', userId: 'u' }] }, 'batch[1].event: is required for a track call'],
    ['batch', { batch: [{ type: 'identify', userId: 'u', traits: { bio: 'a\u0000b' } }] }, 'batch[0].traits.bio: holds a NUL character'],
  ])('%s %j → %s', (route, body, message) => {
    const parsed = parseSignalBody(route, typeof body === 'string' ? body : JSON.stringify(body));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(describeIssues(parsed.issues)).toContain(message);
  });

  it('accepts numeric ids as text, and keeps fields it does not know', () => {
    const parsed = parseSignalBody('group', JSON.stringify({ userId: 42, groupId: 7, custom: { a: 1 } }));
    expect(parsed.ok && parsed.messages[0]).toMatchObject({ userId: '42', groupId: '7', custom: { a: 1 } });
  });

  it('refuses a message over 32 KB, naming its index', () => {
    const big = { type: 'track', userId: 'u', event: 'x', properties: { s: 'y'.repeat(33_000) } };
    const parsed = parseSignalBody('batch', JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'x' }, big] }));
    expect(!parsed.ok && parsed.issues[0]!.path).toBe('batch[1]');
  });

  it('lists every problem but reports the first five', () => {
    const parsed = parseSignalBody('batch', JSON.stringify({ batch: Array.from({ length: 8 }, () => ({ type: 'track', userId: 'u' })) }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues).toHaveLength(8);
      expect(describeIssues(parsed.issues)).toMatch(/batch\[4\]\.event.*; and 3 more$/);
    }
  });

  it('finds deep nesting and unpaired surrogates', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) deep = { d: deep };
    expect(unstorable(deep)?.message).toContain('more than 64 levels');
    expect(unstorable({ a: ['ok', '\ud800'] })?.path).toBe('a[1]');
    expect(unstorable({ fine: 'é 😀' })).toBeNull();
  });
});
