// Step 2 of the tracking pipeline: a parsed Segment message into the columns signal_events keeps
// — who (userId, anonymousId), which account (a group call's groupId, else context.groupId, the
// spec's field for attributing any call to an account), what (the event name usage counts:
// a track's event, '$page' for page views, '$screen' for screens) and when (timestamps.ts). The
// batch's context and integrations are merged under each message's own, as the spec says, so the
// stored payload stands alone. Pure.
import type { BatchEnvelope, SegmentMessage, SignalType } from './parse.js';
import { occurredAt } from './timestamps.js';

export const PAGE_EVENT = '$page';
export const SCREEN_EVENT = '$screen';

export type NormalisedSignal = {
  type: SignalType;
  /** As sent, or null (derive-ids.ts fills it). */
  messageId: string | null;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  payload: Record<string, unknown>;
};

const asRecord = (value: unknown): Record<string, unknown> | null => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : null;
}

export function eventNameOf(message: SegmentMessage): string | null {
  switch (message.type) {
    case 'track':
      return String(message.event);
    case 'page':
      return PAGE_EVENT;
    case 'screen':
      return SCREEN_EVENT;
    default:
      return null;
  }
}

export function normaliseSignal(message: SegmentMessage, envelope: BatchEnvelope, receivedAt: Date): NormalisedSignal {
  const context = envelope.context || message.context ? { ...(envelope.context ?? {}), ...(message.context ?? {}) } : undefined;
  const integrations = envelope.integrations || asRecord(message.integrations) ? { ...(envelope.integrations ?? {}), ...(asRecord(message.integrations) ?? {}) } : undefined;
  const payload: Record<string, unknown> = { ...message, ...(context ? { context } : {}), ...(integrations ? { integrations } : {}) };
  if (envelope.sentAt && message.sentAt == null) payload.sentAt = envelope.sentAt;
  delete payload.writeKey; // a credential, never stored
  return {
    type: message.type,
    messageId: message.messageId ?? null,
    event: eventNameOf(message),
    userId: message.userId ?? null,
    anonymousId: message.anonymousId ?? null,
    groupId: message.type === 'group' ? idOf(message.groupId) : idOf(context?.groupId),
    occurredAt: occurredAt(message, receivedAt, envelope.sentAt),
    receivedAt,
    payload,
  };
}
