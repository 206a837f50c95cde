// The normalise and derive-ids steps: columns from a message, batch context merged, ids stable
// under retries.
import { describe, expect, it } from 'vitest';
import { normaliseSignal } from '../../../../src/ingest/segment/normalise.js';
import { canonicalJson, deriveIds, derivedMessageId } from '../../../../src/ingest/segment/derive-ids.js';
import { prepareSignals } from '../../../../src/ingest/segment/pipeline.js';
import type { SegmentMessage } from '../../../../src/ingest/segment/parse.js';

const received = new Date('2026-03-10T12:00:00Z');
const none = { context: null, integrations: null, sentAt: null };

describe('normaliseSignal', () => {
  it.each<[string, SegmentMessage, { event: string | null; groupId: string | null }]>([
    ['track: its event; context.groupId attributes it', { type: 'track', userId: 'u', event: 'Report Run', context: { groupId: 'acct' } }, { event: 'Report Run', groupId: 'acct' }],
    ['page: $page', { type: 'page', userId: 'u', name: 'Home' }, { event: '$page', groupId: null }],
    ['screen: $screen', { type: 'screen', userId: 'u', name: 'Home' }, { event: '$screen', groupId: null }],
    ['group: its groupId', { type: 'group', userId: 'u', groupId: 'acct-9', context: { groupId: 'other' } }, { event: null, groupId: 'acct-9' }],
    ['identify: no event', { type: 'identify', userId: 'u', traits: {} }, { event: null, groupId: null }],
  ])('%s', (_label, message, expected) => {
    expect(normaliseSignal(message, none, received)).toMatchObject(expected);
  });

  it("merges the batch's context and integrations under the message's own, and drops writeKey", () => {
    const message = { type: 'track', userId: 'u', event: 'x', context: { ip: '1.2.3.4' }, writeKey: 'secret' } as SegmentMessage;
    const out = normaliseSignal(message, { context: { ip: '9.9.9.9', locale: 'fr' }, integrations: { All: false }, sentAt: null }, received);
    expect(out.payload).toEqual({ type: 'track', userId: 'u', event: 'x', context: { ip: '1.2.3.4', locale: 'fr' }, integrations: { All: false } });
  });
});

describe('derive ids', () => {
  it('keeps a given messageId and derives the same id for a retry (sentAt changes, keys reordered)', () => {
    const a = prepareSignals('track', JSON.stringify({ userId: 'u', event: 'x', properties: { a: 1, b: 2 }, sentAt: '2026-03-10T11:00:00Z' }), received);
    const b = prepareSignals('track', JSON.stringify({ properties: { b: 2, a: 1 }, event: 'x', userId: 'u', sentAt: '2026-03-10T11:00:09Z' }), new Date('2026-03-10T12:00:09Z'));
    const c = prepareSignals('track', JSON.stringify({ userId: 'u', event: 'y' }), received);
    const given = prepareSignals('track', JSON.stringify({ userId: 'u', event: 'x', messageId: 'mine' }), received);
    const id = (p: ReturnType<typeof prepareSignals>) => (p.ok ? p.signals[0]!.messageId : null);
    expect(id(a)).toMatch(/^rvp-[\w-]{32}$/);
    expect(id(a)).toBe(id(b));
    expect(id(c)).not.toBe(id(a));
    expect(id(given)).toBe('mine');
  });

  it('keeps the first of messages sharing an id within a request', () => {
    const signal = normaliseSignal({ type: 'track', userId: 'u', event: 'x', messageId: 'same' }, none, received);
    expect(deriveIds([signal, { ...signal, event: 'other' }]).map((s) => s.event)).toEqual(['x']);
  });

  it('writes canonical JSON with sorted keys, nested too', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null, sentAt: 'x' })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
    expect(derivedMessageId({ a: 1 })).toBe(derivedMessageId({ a: 1, receivedAt: 'later' }));
  });
});
