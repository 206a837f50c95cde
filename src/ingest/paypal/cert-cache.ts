// PayPal's signing certificates: fetched over HTTPS from PayPal's own hosts only (the delivery
// names the URL in PAYPAL-CERT-URL, so the URL is attacker-chosen until checked), with a short
// timeout and a size limit, parsed with node:crypto, and kept by URL — bounded, with an expiry —
// so a burst of deliveries fetches a certificate once. Trust comes from TLS to a PayPal host: the
// certificate is whatever PayPal's server returns at that URL. The allowed hosts (and a CA for a
// test server's self-signed TLS certificate) can be changed only in code, by passing a source:
// never by configuration an install could set.
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';

/** Where PayPal serves webhook certificates (production and sandbox, with and without `-m`). */
export const PAYPAL_CERT_HOSTS: readonly string[] = ['api.paypal.com', 'api-m.paypal.com', 'api.sandbox.paypal.com', 'api-m.sandbox.paypal.com'];
/** PayPal's certificate URLs all live under this path (…/v1/notifications/certs/CERT-…). */
export const PAYPAL_CERT_PATH = '/v1/notifications/certs/';
export const CERT_FETCH_TIMEOUT_MS = 5_000;
/** A certificate chain in PEM is a few kilobytes; anything past this is refused unread. */
export const CERT_MAX_BYTES = 64 * 1024;
export const CERT_CACHE_TTL_MS = 60 * 60 * 1000;
export const CERT_CACHE_MAX_ENTRIES = 32;

/** Which certificate URLs are acceptable and how they are fetched. `hosts` are matched against
 *  the URL's host (hostname, and `:port` when the URL has a non-default one). */
export type PaypalCertSource = { readonly hosts: readonly string[]; readonly ca?: string; readonly timeoutMs?: number; readonly maxBytes?: number };

export const PAYPAL_CERT_SOURCE: PaypalCertSource = { hosts: PAYPAL_CERT_HOSTS };

/** Why a certificate URL or the certificate behind it is not usable. */
export class CertProblem extends Error {
  override readonly name = 'CertProblem';
}

/** The URL, if it is one PayPal could have sent: https, an allowed host, PayPal's cert path, no
 *  credentials, query or fragment. */
export function checkCertUrl(value: string, source: PaypalCertSource): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CertProblem('the PAYPAL-CERT-URL header is not a URL');
  }
  if (url.protocol !== 'https:') throw new CertProblem(`the certificate URL must use https, not ${url.protocol.replace(':', '')}`);
  if (!source.hosts.includes(url.host)) throw new CertProblem(`the certificate URL's host ${url.host.slice(0, 100)} is not one of PayPal's (${source.hosts.join(', ')})`);
  if (url.username || url.password || url.search || url.hash || !url.pathname.startsWith(PAYPAL_CERT_PATH) || url.pathname.length <= PAYPAL_CERT_PATH.length) {
    throw new CertProblem(`the certificate URL must be a plain ${PAYPAL_CERT_PATH}… path on PayPal's host`);
  }
  return url;
}

function fetchText(url: URL, source: PaypalCertSource): Promise<string> {
  const timeoutMs = source.timeoutMs ?? CERT_FETCH_TIMEOUT_MS;
  const maxBytes = source.maxBytes ?? CERT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    const fail = (problem: CertProblem) => {
      clearTimeout(timer);
      req.destroy();
      reject(problem);
    };
    // No redirects are followed (node:https never does): a 3xx is refused below.
    const req = request(url, { method: 'GET', ...(source.ca ? { ca: source.ca } : {}) }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(new CertProblem(`the certificate URL answered HTTP ${res.statusCode ?? '(none)'}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(new CertProblem(`the certificate at the URL is larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        if (size <= maxBytes) resolve(Buffer.concat(chunks).toString('utf8'));
      });
      res.on('error', (error) => fail(new CertProblem(`the certificate could not be read: ${error.message}`)));
    });
    const timer = setTimeout(() => fail(new CertProblem(`the certificate URL did not answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => fail(error instanceof CertProblem ? error : new CertProblem(`the certificate could not be fetched: ${error.message}`)));
    req.end();
  });
}

async function fetchCertificate(url: URL, source: PaypalCertSource): Promise<X509Certificate> {
  const text = await fetchText(url, source);
  try {
    return new X509Certificate(text);
  } catch {
    throw new CertProblem('the certificate URL did not return an X.509 certificate in PEM');
  }
}

export type PaypalCertCache = {
  /** The certificate at a URL already checked with checkCertUrl; fetched once per TTL. */
  get(url: URL, source: PaypalCertSource): Promise<X509Certificate>;
  /** How many fetches were started (a burst of deliveries should start one). */
  readonly fetches: () => number;
};

/** A bounded cache: failed fetches are not kept; past `maxEntries` the oldest entry goes. */
export function createPaypalCertCache(options: { maxEntries?: number; ttlMs?: number; clock?: () => number } = {}): PaypalCertCache {
  const maxEntries = options.maxEntries ?? CERT_CACHE_MAX_ENTRIES;
  const ttlMs = options.ttlMs ?? CERT_CACHE_TTL_MS;
  const clock = options.clock ?? Date.now;
  const entries = new Map<string, { cert: Promise<X509Certificate>; expiresAt: number }>();
  let fetches = 0;
  return {
    fetches: () => fetches,
    get(url, source) {
      const key = url.href;
      const hit = entries.get(key);
      if (hit && hit.expiresAt > clock()) return hit.cert;
      entries.delete(key);
      fetches += 1;
      const cert = fetchCertificate(url, source);
      const entry = { cert, expiresAt: clock() + ttlMs };
      entries.set(key, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      cert.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return cert;
    },
  };
}

/** The process's cache, shared by every PayPal source (certificates are PayPal's, not a source's). */
export const paypalCertCache = createPaypalCertCache();
