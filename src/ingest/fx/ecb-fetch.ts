// Downloads the ECB's euro reference rates (official, free, no key) and parses them with
// parseEcbXml. The files, under https://www.ecb.europa.eu/stats/eurofxref/:
//   eurofxref-daily.xml     the latest working day (updated around 16:00 CET)
//   eurofxref-hist-90d.xml  the working days of about the last 90 calendar days
//   eurofxref-hist.xml      every working day since 1999-01-04 (several MB)
// Network failures, timeouts, 5xx, 408 and 429 are retried with exponential backoff and jitter
// (a Retry-After header is honoured up to a minute); any other HTTP error, or a 200 that is not an
// ECB rate document (an HTML maintenance page, say), fails at once with the URL in the message.
import { daysBetween } from '../../core/dates.js';
import type { Day } from '../../core/types.js';
import { backoffMs, parseRetryAfter, sleep } from '../stripe/sync/retry.js';
import { parseEcbXml } from './ecb-xml.js';
import { FxFileError, type EurQuote } from './quotes.js';

export type EcbHistory = 'daily' | '90d' | 'hist';

export const ECB_BASE_URL = 'https://www.ecb.europa.eu/stats/eurofxref';

export const ECB_FILES: Readonly<Record<EcbHistory, string>> = {
  daily: 'eurofxref-daily.xml',
  '90d': 'eurofxref-hist-90d.xml',
  hist: 'eurofxref-hist.xml',
};

export type FetchEcbOptions = {
  /** Default https://www.ecb.europa.eu/stats/eurofxref (tests point it at a local server). */
  baseUrl?: string;
  which: EcbHistory;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** Per attempt, headers and body included (default 30 s; the full history is several MB). */
  timeoutMs?: number;
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** First backoff step (default 1 s), doubled on each retry. */
  baseDelayMs?: number;
};

/** The download failed; `url` and `status` (null without an HTTP answer) say where and how. */
export class EcbFetchError extends Error {
  override readonly name = 'EcbFetchError';
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failed attempt, and whether another one may succeed. */
type Attempt = { retry: boolean; reason: string; status: number | null; retryAfterMs: number | null; cause?: unknown };

const MAX_RETRY_AFTER_MS = 60_000;

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.message) return cause.message;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

async function attempt(url: string, fetchImpl: typeof fetch, timeoutMs: number, signal: AbortSignal | undefined): Promise<EurQuote[] | Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let body: string;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' }, signal: combined });
    body = await response.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    const reason = timeout.aborted ? `no complete answer within ${timeoutMs} ms` : describeNetworkError(error);
    return { retry: true, reason, status: null, retryAfterMs: null, cause: error };
  }
  if (!response.ok) {
    const status = response.status;
    const reason = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const retry = status >= 500 || status === 408 || status === 429;
    return { retry, reason, status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after') ?? undefined) };
  }
  try {
    return parseEcbXml(body);
  } catch (error) {
    if (!(error instanceof FxFileError)) throw error;
    const type = response.headers.get('content-type');
    throw new EcbFetchError(`${url} did not return ECB reference rates${type ? ` (${type})` : ''}: ${error.message}`, url, response.status, { cause: error });
  }
}

/** Downloads and parses one of the ECB's eurofxref XML files. Throws EcbFetchError. */
export async function fetchEcbQuotes(options: FetchEcbOptions): Promise<EurQuote[]> {
  const url = `${(options.baseUrl ?? ECB_BASE_URL).replace(/\/+$/, '')}/${ECB_FILES[options.which]}`;
  if (!URL.canParse(url)) throw new EcbFetchError(`not a URL: ${url}`, url, null);
  const fetchImpl = options.fetchImpl ?? fetch;
  const maxAttempts = options.maxAttempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  for (let n = 1; ; n += 1) {
    const result = await attempt(url, fetchImpl, timeoutMs, options.signal);
    if (Array.isArray(result)) return result;
    if (!result.retry || n >= maxAttempts) {
      const tries = n > 1 ? ` after ${n} attempts` : '';
      throw new EcbFetchError(`GET ${url} failed${tries}: ${result.reason}`, url, result.status, { cause: result.cause });
    }
    if (result.retryAfterMs !== null && result.retryAfterMs > MAX_RETRY_AFTER_MS) {
      throw new EcbFetchError(`GET ${url} failed: ${result.reason}, and the server asked to wait ${Math.round(result.retryAfterMs / 1000)} s`, url, result.status);
    }
    const delayMs = Math.max(result.retryAfterMs ?? 0, backoffMs(n, { baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: 30_000 }));
    await sleep(delayMs, options.signal);
  }
}

/** Days a reference rate can lie before the day it is in force for (a weekend plus TARGET
 *  holidays: Good Friday to Easter Monday, 24 December to 2 January with weekends), plus a
 *  day for the latest file not yet holding today. */
export const ECB_LOOKBACK_MARGIN_DAYS = 10;

/**
 * The smallest ECB file that holds the rate in force on `since` (the latest fixing on or before
 * it) and every fixing from then to `today`:
 * - 'daily' when `since` is today or later: the daily file holds the latest fixing only, which is
 *   the one in force today, but once today's is published it no longer holds yesterday's;
 * - '90d' when `since` is at most 90 − ECB_LOOKBACK_MARGIN_DAYS days back: the 90-day file starts
 *   about 90 days before its newest fixing, and the rate in force on `since` can be some days older;
 * - 'hist' otherwise.
 */
export function historyFileFor(since: Day, today: Day): EcbHistory {
  const days = daysBetween(since, today);
  if (days <= 0) return 'daily';
  if (days <= 90 - ECB_LOOKBACK_MARGIN_DAYS) return '90d';
  return 'hist';
}
