import { useMutation } from '@tanstack/react-query';
import { apiSend } from '../../lib/api-client.js';
import { okResponseSchema } from './session.js';

/** Ends this session and goes to the sign-in page (also when the session had already ended). */
export function SignOutButton() {
  const signOut = useMutation({
    mutationFn: () => apiSend('POST', '/v1/auth/logout', okResponseSchema),
    onSettled: () => window.location.assign('/login'),
  });
  return (
    <button type="button" className="button button-quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending} data-testid="sign-out">
      Sign out
    </button>
  );
}
