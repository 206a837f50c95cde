import Stripe from 'stripe';

/** Stripe's own default: a signature older than five minutes is refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export class SignatureError extends Error {
  override readonly name = 'SignatureError';
}

/**
 * Verifies the Stripe-Signature header over the exact raw body with the official library.
 * Throws SignatureError (with Stripe's reason) when it does not match.
 */
export function verifyStripeSignature(rawBody: Buffer | string, header: string | undefined, secret: string): void {
  if (!header) throw new SignatureError('the Stripe-Signature header is missing');
  try {
    Stripe.webhooks.constructEvent(rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    throw new SignatureError((error as Error).message);
  }
}

/** Builds a valid Stripe-Signature header, as Stripe would (tests, demo tooling, benchmarks). */
export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
