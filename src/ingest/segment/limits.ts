// The Segment HTTP Tracking API's limits, as Revpulse enforces them (docs/tracking.md).

/** A single call's body, and each message inside a batch (JSON bytes). */
export const MAX_MESSAGE_BYTES = 32 * 1024;
/** A batch request's body. */
export const MAX_BATCH_BYTES = 500 * 1024;
/** Messages in one batch (Segment's own ceiling). */
export const MAX_BATCH_MESSAGES = 2500;
/** Longest messageId, userId, anonymousId, groupId we keep (Segment asks for < 100 characters). */
export const MAX_ID_LENGTH = 255;
/** Longest event name: usage_daily keys on it and plan limits name it (≤ 200). */
export const MAX_EVENT_LENGTH = 200;
/** Objects and arrays nested deeper than this are refused (as for webhooks). */
export const MAX_JSON_DEPTH = 64;
/** How far in the future a timestamp may be before it is read as the time we received it. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
