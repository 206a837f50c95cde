// Segment's timestamps: read leniently (the spec's own batch example sends "2015-2-02T00:30:08.276Z",
// a month without its leading zero, which Date.parse refuses), and the instant a message happened,
// corrected for the sending device's clock as Segment does. Pure.
import { MAX_FUTURE_SKEW_MS } from './limits.js';

// YYYY-M-D, then optionally THH:MM[:SS[.fraction]] and Z or ±HH[:]MM; a date alone is midnight UTC.
const LOOSE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or null when `text` is not an ISO 8601 date (or not a real day). */
export function parseLooseTimestamp(text: string): number | null {
  const m = LOOSE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), Number(frac.padEnd(3, '0').slice(0, 3)));
  if (new Date(utc).getUTCDate() !== day) return null; // 2023-02-30
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
  }
  return utc - offset;
}

export type MessageTimes = { timestamp?: string | null; originalTimestamp?: string | null; sentAt?: string | null };

/**
 * When the message happened: its `timestamp` when given (historical imports set it); else, with
 * `originalTimestamp` and `sentAt` from the same device clock, receivedAt − (sentAt − original)
 * (the device's clock skew cancels out); else `originalTimestamp`; else when we received it.
 * An instant more than five minutes after receipt is a wrong clock and reads as the receipt.
 */
export function occurredAt(times: MessageTimes, receivedAt: Date, batchSentAt: string | null = null): Date {
  const received = receivedAt.getTime();
  const read = (t: string | null | undefined) => (t ? parseLooseTimestamp(t) : null);
  const timestamp = read(times.timestamp);
  const original = read(times.originalTimestamp);
  const sent = read(times.sentAt ?? batchSentAt);
  let at: number;
  if (timestamp !== null) at = timestamp;
  else if (original !== null && sent !== null) at = received - (sent - original);
  else if (original !== null) at = original;
  else at = received;
  return new Date(at > received + MAX_FUTURE_SKEW_MS ? received : at);
}
