// When an outgoing webhook delivery is tried again: exponential backoff (30 s doubling, at most
// 6 h apart) with ±20 % jitter so many failing deliveries do not retry in lock-step, for up to
// 3 days after the event; then the delivery has failed.

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 6 * 3_600_000;
export const RETRY_WINDOW_MS = 3 * 86_400_000;
const JITTER = 0.2;

/** The wait after failed attempt `attempt` (1-based); `random` in [0, 1) picks the jitter. */
export function retryDelayMs(attempt: number, random: number): number {
  const plain = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(plain * (1 - JITTER + 2 * JITTER * random));
}

/** The next attempt after failed attempt `attempt`, or null when it would fall past the window. */
export function nextAttemptAt(attempt: number, failedAt: Date, createdAt: Date, random: number, windowMs = RETRY_WINDOW_MS): Date | null {
  const next = new Date(failedAt.getTime() + retryDelayMs(attempt, random));
  return next.getTime() > createdAt.getTime() + windowMs ? null : next;
}
