// What a transform makes of one provider event: the event's identity and either its records
// (src/core/records.ts) or why it was dropped.
import type { NormalizedRecords } from '../core/records.js';
import type { UnixSeconds } from '../core/types.js';

/** Why an event was not applied. Transforms produce the first three; the pipeline the rest. */
export const DROP_REASONS = ['unsupported_type', 'malformed', 'out_of_range', 'stale', 'mode_mismatch'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type EventMeta = {
  id: string;
  type: string;
  created: UnixSeconds;
  livemode: boolean;
  /** Id and creation time of the object the event carries, when it has them. */
  objectId: string | null;
  objectCreated: UnixSeconds | null;
};

export type TransformResult =
  | { ok: true; event: EventMeta; records: NormalizedRecords }
  | { ok: false; event: EventMeta | null; drop: DropReason; detail: string };
