// Retries of Stripe API calls. HTTP 429, 5xx and connection failures are retried with exponential
// backoff and jitter; a `Retry-After` header (seconds or an HTTP date) is honoured as the least
// wait, and `Stripe-Should-Retry` overrides our own judgement either way. Everything else (401,
// 403, 404, 400…) fails at once: retrying cannot fix a bad key or a bad request.

export type RetryOptions = {
  /** Attempts in all, the first included (default 8). */
  maxAttempts?: number;
  /** First backoff step (default 500 ms); each retry doubles it, up to maxDelayMs. */
  baseDelayMs?: number;
  /** Longest backoff step we choose ourselves (default 30 s). */
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the call instead of waiting (default 5 min). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; status: number | null; reason: string }) => void;
};

type HttpFailure = { statusCode?: number; headers?: Record<string, string | string[] | undefined>; type?: string; code?: string };

export class RetryAfterTooLongError extends Error {
  override readonly name = 'RetryAfterTooLongError';
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function header(error: HttpFailure, name: string): string | undefined {
  const value = error.headers?.[name] ?? error.headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Milliseconds to wait according to a Retry-After value, or null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Whether a failed call may succeed if repeated, and the server's requested wait. */
export function retryAdvice(error: unknown): { retry: boolean; status: number | null; retryAfterMs: number | null } {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as HttpFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : null;
  const retryAfterMs = parseRetryAfter(header(failure, 'retry-after'));
  const should = header(failure, 'stripe-should-retry');
  if (should === 'false') return { retry: false, status, retryAfterMs };
  if (should === 'true') return { retry: true, status, retryAfterMs };
  if (status === null) {
    // No HTTP answer at all: a refused or reset connection, a timeout.
    const connection = failure.type === 'StripeConnectionError' || (error instanceof Error && /ECONN|ETIMEDOUT|socket|network/i.test(`${failure.code ?? ''} ${error.message}`));
    return { retry: connection, status, retryAfterMs };
  }
  return { retry: status === 429 || status === 409 || status >= 500, status, retryAfterMs };
}

export function backoffMs(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const step = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + 0.5 * (options.random ?? Math.random)()));
}

/** Runs `call`, retrying retryable failures; rethrows the last failure when out of attempts. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const advice = retryAdvice(error);
      if (!advice.retry || attempt >= maxAttempts || options.signal?.aborted) throw error;
      if (advice.retryAfterMs !== null && advice.retryAfterMs > (options.maxRetryAfterMs ?? 300_000)) {
        throw new RetryAfterTooLongError(`Stripe asked to wait ${Math.round(advice.retryAfterMs / 1000)} s before retrying`);
      }
      const delayMs = Math.max(advice.retryAfterMs ?? 0, backoffMs(attempt, options));
      options.onRetry?.({ attempt, delayMs, status: advice.status, reason: (error as Error).message });
      await wait(delayMs, options.signal);
    }
  }
}
