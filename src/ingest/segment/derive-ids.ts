// Step 3 of the tracking pipeline: every message gets its idempotency key. A messageId the sender
// chose is kept; a message without one gets `rvp-` and a hash of its canonical JSON (keys sorted,
// without sentAt and receivedAt, which a retry changes), so a retried request stores nothing new.
// Two identical messages without a messageId or a timestamp are therefore one message: senders
// that mean two events send a messageId (every Segment SDK does) or a timestamp. Pure.
import { createHash } from 'node:crypto';
import type { NormalisedSignal } from './normalise.js';

export type IdentifiedSignal = NormalisedSignal & { messageId: string };

const VOLATILE = new Set(['sentAt', 'receivedAt']);

export function canonicalJson(value: unknown, top = true): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, false)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => !(top && VOLATILE.has(k)) && (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], false)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function derivedMessageId(payload: Record<string, unknown>): string {
  return `rvp-${createHash('sha256').update(canonicalJson(payload)).digest('base64url').slice(0, 32)}`;
}

/** Each signal with its messageId; of messages sharing one within the request, the first stays. */
export function deriveIds(signals: readonly NormalisedSignal[]): IdentifiedSignal[] {
  const seen = new Set<string>();
  const out: IdentifiedSignal[] = [];
  for (const signal of signals) {
    const messageId = signal.messageId ?? derivedMessageId(signal.payload);
    if (seen.has(messageId)) continue;
    seen.add(messageId);
    out.push({ ...signal, messageId });
  }
  return out;
}
