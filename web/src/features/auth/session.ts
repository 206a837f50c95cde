// The signed-in person, their workspaces and roles, as GET /v1/auth/session answers; and where
// to send someone who is not signed in.
import * as z from 'zod/mini';
import { ApiError } from '../../lib/api-client.js';
import { currencyCodeSchema } from '../../lib/schemas.js';

export const ROLES = ['owner', 'admin', 'analyst', 'viewer', 'billing'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const sessionSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.nullable(z.string()),
    totpEnabled: z.boolean(),
    signedInWithTotp: z.boolean(),
    isDemo: z.boolean(),
  }),
  csrfToken: z.string(),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), reportingCurrency: currencyCodeSchema, isDemo: z.boolean(), role: roleSchema })),
});
export type Session = z.infer<typeof sessionSchema>;

export const SESSION_KEY = ['session'] as const;

/** The answer that means "sign in (again)" — not a wrong password on the sign-in form itself. */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'RVP_UNAUTHENTICATED';
}

/** The sign-in page, remembering where the person was going. */
export function loginHref(location: { pathname: string; search: string }): string {
  if (location.pathname === '/login') return '/login';
  const here = `${location.pathname}${location.search}`;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/** Where to go after signing in: only a path on this site (never //host or another origin). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}

/** Any JSON object: for answers the page does not read. */
export const okResponseSchema = z.object({});
