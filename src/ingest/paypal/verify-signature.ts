// The PayPal webhook signature check, as PayPal specifies for verifying a delivery yourself: the
// message `<transmission id>|<transmission time>|<webhook id>|<CRC-32 of the raw body, unsigned
// decimal>` is signed SHA256withRSA by the key of the certificate at PAYPAL-CERT-URL; the
// signature arrives base64 in PAYPAL-TRANSMISSION-SIG. The webhook id is the source's own (PayPal
// never sends it), so a delivery meant for another webhook fails here. Cheap checks come first
// (headers, algorithm, time, URL), the certificate fetch last, so a replayed or malformed delivery
// never makes us fetch anything.
import { verify, type X509Certificate } from 'node:crypto';
import { checkCertUrl, CertProblem, PAYPAL_CERT_SOURCE, paypalCertCache, type PaypalCertCache, type PaypalCertSource } from './cert-cache.js';
import { crc32 } from './crc32.js';

/** Like Stripe's tolerance: a transmission more than five minutes from our clock, either way, is refused. */
export const TRANSMISSION_TOLERANCE_SECONDS = 300;
/** The only algorithm PayPal signs webhooks with. */
export const PAYPAL_AUTH_ALGO = 'SHA256withRSA';

export class PaypalSignatureError extends Error {
  override readonly name = 'PaypalSignatureError';
}

export type PaypalSignatureHeaders = {
  transmissionId: string | undefined;
  transmissionTime: string | undefined;
  transmissionSig: string | undefined;
  certUrl: string | undefined;
  authAlgo: string | undefined;
};

type RawHeaders = Record<string, string | string[] | undefined>;

/** The five PAYPAL-* headers of a request (Node lower-cases header names). */
export function readPaypalHeaders(headers: RawHeaders): PaypalSignatureHeaders {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    transmissionId: one('paypal-transmission-id'),
    transmissionTime: one('paypal-transmission-time'),
    transmissionSig: one('paypal-transmission-sig'),
    certUrl: one('paypal-cert-url'),
    authAlgo: one('paypal-auth-algo'),
  };
}

/** The exact string PayPal signs. */
export function paypalSignedMessage(transmissionId: string, transmissionTime: string, webhookId: string, rawBody: Uint8Array): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBody)}`;
}

const TRANSMISSION_ID = /^[\w.:-]{1,100}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const BASE64 = /^[A-Za-z0-9+/]{16,2048}={0,2}$/;

function required(value: string | undefined, header: string): string {
  if (value === undefined || value === '') throw new PaypalSignatureError(`the ${header} header is missing`);
  return value;
}

function checkTime(value: string, now: Date, tolerance: number): void {
  const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new PaypalSignatureError('the PAYPAL-TRANSMISSION-TIME header is not an RFC 3339 date-time');
  const age = Math.floor((now.getTime() - ms) / 1000);
  if (age > tolerance) throw new PaypalSignatureError(`the transmission is ${age} s old, more than the ${tolerance} s tolerance`);
  if (-age > tolerance) throw new PaypalSignatureError(`the transmission is dated ${-age} s in the future, more than the ${tolerance} s tolerance`);
}

function checkCertificate(cert: X509Certificate, now: Date): void {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(from <= now.getTime())) throw new PaypalSignatureError(`the certificate is not valid before ${cert.validFrom}`);
  if (!(now.getTime() <= to)) throw new PaypalSignatureError(`the certificate expired on ${cert.validTo}`);
  if (cert.publicKey.asymmetricKeyType !== 'rsa') throw new PaypalSignatureError('the certificate does not hold an RSA key');
}

export type VerifyPaypalOptions = { source?: PaypalCertSource; cache?: PaypalCertCache; tolerance?: number };

/**
 * Verifies a PayPal delivery over its exact raw body for the source's webhook id. Throws
 * PaypalSignatureError naming the first problem; returns the transmission time.
 */
export async function verifyPaypalSignature(
  rawBody: Buffer,
  headers: PaypalSignatureHeaders,
  webhookId: string,
  now: Date,
  options: VerifyPaypalOptions = {},
): Promise<{ transmissionTime: Date }> {
  const transmissionId = required(headers.transmissionId, 'PAYPAL-TRANSMISSION-ID');
  const transmissionTime = required(headers.transmissionTime, 'PAYPAL-TRANSMISSION-TIME');
  const signature = required(headers.transmissionSig, 'PAYPAL-TRANSMISSION-SIG');
  const certUrl = required(headers.certUrl, 'PAYPAL-CERT-URL');
  const algo = required(headers.authAlgo, 'PAYPAL-AUTH-ALGO');
  if (algo !== PAYPAL_AUTH_ALGO) throw new PaypalSignatureError(`the auth algorithm ${algo.slice(0, 50)} is not ${PAYPAL_AUTH_ALGO}`);
  if (!TRANSMISSION_ID.test(transmissionId)) throw new PaypalSignatureError('the PAYPAL-TRANSMISSION-ID header is not a transmission id');
  if (!BASE64.test(signature)) throw new PaypalSignatureError('the PAYPAL-TRANSMISSION-SIG header is not base64');
  checkTime(transmissionTime, now, options.tolerance ?? TRANSMISSION_TOLERANCE_SECONDS);
  const source = options.source ?? PAYPAL_CERT_SOURCE;
  let cert: X509Certificate;
  try {
    cert = await (options.cache ?? paypalCertCache).get(checkCertUrl(certUrl, source), source);
  } catch (error) {
    if (error instanceof CertProblem) throw new PaypalSignatureError(error.message);
    throw error;
  }
  checkCertificate(cert, now);
  const message = Buffer.from(paypalSignedMessage(transmissionId, transmissionTime, webhookId, rawBody), 'utf8');
  if (!verify('sha256', message, cert.publicKey, Buffer.from(signature, 'base64'))) {
    throw new PaypalSignatureError('the signature does not match the body, transmission and this source\'s webhook id under PayPal\'s certificate');
  }
  return { transmissionTime: new Date(Date.parse(transmissionTime)) };
}
