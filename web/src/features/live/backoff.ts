export type BackoffOptions = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

/**
 * Delay before reconnect attempt number `attempt` (0 = first retry): exponential, capped at
 * `maxMs`, with "equal jitter" (between half and all of the step) so a server restart does not
 * get every open dashboard back in the same millisecond.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const half = step / 2;
  return Math.round(half + random() * half);
}
