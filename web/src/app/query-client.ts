import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client.js';

// Two quick retries: a blip is absorbed, a real failure is shown within about two seconds.
const MAX_RETRIES = 2;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && !error.retryable) return false;
  return failureCount < MAX_RETRIES;
}

export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 5_000);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        // Live messages keep data current; a focus or mount alone is no reason to refetch.
        staleTime: 30_000,
      },
    },
  });
}
