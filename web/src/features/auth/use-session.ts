import { useQuery } from '@tanstack/react-query';
import { apiGet, setCsrfToken } from '../../lib/api-client.js';
import { SESSION_KEY, sessionSchema } from './session.js';

/** The signed-in person; a 401 here sends the page to sign-in (see query-client.ts). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      const session = await apiGet('/v1/auth/session', sessionSchema, { signal });
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}
