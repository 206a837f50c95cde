import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { loginHref } from '../features/auth/session.js';
import { createQueryClient } from './query-client.js';
import { matchRoute } from './routes.js';
import { Shell } from './shell.js';

/** Not signed in (or the session ended): to the sign-in page, remembering where we were —
 *  except on the pages meant for people who are not signed in. */
function toLogin(): void {
  if (!matchRoute(window.location.pathname).public) window.location.assign(loginHref(window.location));
}

export function App() {
  const [queryClient] = useState(() => createQueryClient(toLogin));
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}
