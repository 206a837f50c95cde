import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client.js';
import { isUnauthenticated } from '../features/auth/session.js';

// Two quick retries: a blip is absorbed, a real failure is shown within about two seconds.
const MAX_RETRIES = 2;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && !error.retryable) return false;
  return failureCount < MAX_RETRIES;
}

export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 5_000);
}

/** `onUnauthenticated`: any query or change answered "sign in again" (the session ended). */
export function createQueryClient(onUnauthenticated: () => void = () => undefined): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthenticated(error)) onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
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
