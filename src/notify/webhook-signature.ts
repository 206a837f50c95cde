// The signature on every outgoing webhook (docs/webhooks.md), Stripe's scheme:
//   Revpulse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>
// The receiver recomputes it over the raw bytes it received and refuses a stale timestamp.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Revpulse-Signature';
/** How old a signature a receiver should accept (and what verifySignature allows by default). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

export type Verification = { ok: true; timestamp: number } | { ok: false; reason: string };

/** Checks a Revpulse-Signature header the way a receiver should (any v1 may match: during a
 *  secret rotation a receiver may try both secrets by calling this twice). */
export function verifySignature(header: string | null | undefined, body: string, secret: string, now: Date, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): Verification {
  if (!header) return { ok: false, reason: 'no signature header' };
  const parts = header.split(',').map((p) => p.trim().split('=') as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!Number.isInteger(t) || signatures.length === 0) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'no signature matches' };
}

/** A new endpoint signing secret (shown once; stored sealed). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
