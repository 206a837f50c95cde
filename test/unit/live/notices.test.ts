// NOTIFY payloads: as few as fit under PostgreSQL's 8,000-byte limit, in sequence order; a message
// too big to travel is sent as its seq (the listener fetches it).
import { describe, expect, it } from 'vitest';
import { packNotices } from '../../../src/live/bus.js';

const message = (seq: number, size = 50) => ({ seq, workspaceId: 'ws_1', type: 'mrr_updated', at: '2024-01-01T00:00:00.000Z', data: { pad: 'x'.repeat(size) } });

describe('packNotices', () => {
  it('packs messages in order, every payload under the limit', () => {
    const messages = Array.from({ length: 300 }, (_, i) => message(i + 1, 100));
    const payloads = packNotices('ws_1', messages);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(20);
    for (const p of payloads) expect(p.length).toBeLessThanOrEqual(7000);
    const seqs = payloads.flatMap((p) => (JSON.parse(p) as { messages: { seq: number }[] }).messages.map((m) => m.seq));
    expect(seqs).toEqual(messages.map((m) => m.seq));
    expect(JSON.parse(payloads[0]!).messages[0]).toEqual(messages[0]);
  });

  it('sends a message too large for NOTIFY as its seq, keeping the order', () => {
    const payloads = packNotices('ws_1', [message(1), message(2, 9000), message(3)]).map((p) => JSON.parse(p) as { messages?: { seq: number }[]; seqs?: number[] });
    expect(payloads.map((p) => p.messages?.map((m) => m.seq) ?? p.seqs)).toEqual([[1], [2], [3]]);
    expect(payloads[1]).toEqual({ workspaceId: 'ws_1', seqs: [2] });
  });
});
