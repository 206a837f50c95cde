// One HTTP attempt of an outgoing webhook: a signed POST with Node's fetch, a timeout (10 s by
// default), no redirects followed, and what the delivery log keeps of it — the request's headers
// and body, the answer's status, headers and first few KB, the time it took, or the error.
import type { AttemptRecord } from '../store/outgoing-webhooks-repo.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** How much of the request and the answer the delivery log keeps. */
export const LOG_BODY_BYTES = 4096;
const KEPT_RESPONSE_HEADERS = 20;

/** What the attempt's log keeps (the store's AttemptRecord, less when and who), and its verdict. */
export type PostResult = Omit<AttemptRecord, 'at' | 'manual'> & {
  ok: boolean;
  /** The URL can never be delivered to (not http or https): retrying is pointless. */
  refused: boolean;
};

export type PostInput = { url: string; secret: string; body: string; eventId: string; eventType: string; deliveryId: string; attempt: number; at: Date; timeoutMs: number };

const truncate = (text: string) => (Buffer.byteLength(text) <= LOG_BODY_BYTES ? text : `${Buffer.from(text).subarray(0, LOG_BODY_BYTES).toString('utf8')}…`);

export function deliverableUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= LOG_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return truncate(Buffer.concat(chunks).toString('utf8'));
}

export async function postSigned(input: PostInput): Promise<PostResult> {
  const requestHeaders: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Revpulse-Webhooks/1',
    [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(input.secret, input.body, input.at),
    'revpulse-event-id': input.eventId,
    'revpulse-event-type': input.eventType,
    'revpulse-delivery-id': input.deliveryId,
    'revpulse-attempt': String(input.attempt),
  };
  const base = { requestHeaders, requestBody: truncate(input.body), responseStatus: null, responseHeaders: null, responseBody: null };
  if (!deliverableUrl(input.url)) {
    return { ...base, ok: false, refused: true, durationMs: 0, error: 'refused: only http and https URLs are delivered to' };
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, { method: 'POST', headers: requestHeaders, body: input.body, redirect: 'manual', signal: AbortSignal.timeout(input.timeoutMs) });
    const responseHeaders = Object.fromEntries([...response.headers.entries()].slice(0, KEPT_RESPONSE_HEADERS));
    const responseBody = await readStart(response);
    const ok = response.status >= 200 && response.status < 300;
    const error = ok ? null : response.status >= 300 && response.status < 400 ? `answered ${response.status} (redirects are not followed)` : `answered ${response.status}`;
    return { ...base, ok, refused: false, responseStatus: response.status, responseHeaders, responseBody, durationMs: elapsed(), error };
  } catch (error) {
    const name = (error as Error).name;
    const message = name === 'TimeoutError' || name === 'AbortError'
      ? `no answer within ${input.timeoutMs / 1000} s`
      : `${(error as Error).message}${(error as { cause?: Error }).cause?.message ? `: ${(error as { cause: Error }).cause.message}` : ''}`;
    return { ...base, ok: false, refused: false, durationMs: elapsed(), error: message.slice(0, 500) };
  }
}
