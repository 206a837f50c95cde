// The Stripe-Signature check: HMAC-SHA256 of `<t>.<raw body>` under the endpoint's signing
// secret, as Stripe computes it (https://docs.stripe.com/webhooks#verify-manually). Done here on
// the exact bytes received rather than with the official library, whose `constructEvent` decodes
// the body as UTF-8 before hashing (a signed body that is not valid UTF-8 then fails as a "bad
// signature"), parses the JSON inside the same call (malformed JSON became a signature failure
// too) and checks only the past side of the tolerance (a signature dated a year ahead passed).
// Here the signature is checked first, on the bytes, and the body is judged after, separately.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's own default: a signature more than five minutes from our clock — either way — is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export class SignatureError extends Error {
  override readonly name = 'SignatureError';
}

function hmac(timestamp: number, rawBody: Buffer | string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest();
}

/** The `t=` timestamp and the `v1=` signatures of a Stripe-Signature header. */
function parseHeader(header: string): { timestamp: number | null; signatures: Buffer[] } {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't') timestamp = /^\d{1,12}$/.test(value) ? Number(value) : null;
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  return { timestamp, signatures };
}

/**
 * Verifies the Stripe-Signature header over the exact raw body, then its timestamp against `now`
 * within `tolerance` seconds on both sides (replay protection). Throws SignatureError with the
 * reason; returns the signature's timestamp.
 */
export function verifyStripeSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
  now: Date,
  tolerance = SIGNATURE_TOLERANCE_SECONDS,
): { timestamp: number } {
  if (!header) throw new SignatureError('the Stripe-Signature header is missing');
  const { timestamp, signatures } = parseHeader(header);
  if (timestamp === null) throw new SignatureError('the Stripe-Signature header has no valid timestamp (t=)');
  if (signatures.length === 0) throw new SignatureError('the Stripe-Signature header has no v1 signature');
  const expected = hmac(timestamp, rawBody, secret);
  if (!signatures.some((s) => timingSafeEqual(s, expected))) {
    throw new SignatureError('no v1 signature matches the body under this source\'s signing secret');
  }
  const age = Math.floor(now.getTime() / 1000) - timestamp;
  if (age > tolerance) throw new SignatureError(`the signature is ${age} s old, more than the ${tolerance} s tolerance`);
  if (-age > tolerance) throw new SignatureError(`the signature is dated ${-age} s in the future, more than the ${tolerance} s tolerance`);
  return { timestamp };
}

/** Builds a valid Stripe-Signature header, as Stripe would (tests, demo tooling, benchmarks). */
export function signStripePayload(payload: string | Buffer, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(timestamp, payload, secret).toString('hex')}`;
}
