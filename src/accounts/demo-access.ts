// Where the shared demo account (first-run.ts DEMO_LOGIN, whose password is published) may sign
// in: from the machine the server runs on, unless the operator runs a public demo site
// (REVPULSE_DEMO_PUBLIC=true). A request that came through a proxy the server does not trust
// (REVPULSE_TRUST_PROXY off, yet it carries X-Forwarded-For, Forwarded or X-Real-IP) is not
// local, whatever its socket address: a reverse proxy on the same machine would otherwise make
// every visitor look local.
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopbackAddress(ip: string | null | undefined): boolean {
  return ip !== null && ip !== undefined && LOOPBACK.has(ip);
}

export function demoLoginAllowed(input: { demoPublic: boolean; ip: string | null; viaUntrustedProxy: boolean }): boolean {
  return input.demoPublic || (isLoopbackAddress(input.ip) && !input.viaUntrustedProxy);
}

/** The message the sign-in answers when the demo account is refused. */
export const DEMO_REMOTE_MESSAGE =
  'The shared demo account signs in only from the machine Revpulse runs on (127.0.0.1 or ::1). A public demo site sets REVPULSE_DEMO_PUBLIC=true.';
