// Access-matrix cases for single sign-on (issue 17); see test/helpers/access-case.ts.
import { inA, type Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {
  // Public: the login page's question, and the browser links (workspace A has no enabled SSO, so
  // both browser links send the browser back to the login page with the reason).
  'GET /auth/sso/:workspaceSlug': { ok: 200, build: (f) => ({ url: `/auth/sso/${f.a.slug}` }) },
  'GET /auth/sso/:workspaceSlug/start': { ok: 302, build: (f) => ({ url: `/auth/sso/${f.a.slug}/start` }) },
  'GET /auth/sso/callback': { ok: 302, build: () => ({ url: '/auth/sso/callback?code=x&state=unknown' }) },
  // Saved switched off: the matrix's people keep their password sessions working in workspace A.
  'PUT /v1/sso': {
    ok: 200,
    build: (f) =>
      inA(f, '/v1/sso', {
        method: 'PUT',
        payload: { issuer: 'https://idp.example.com', clientId: 'matrix', clientSecret: 'matrix-secret', defaultRole: 'viewer', ssoRequired: false, enabled: false },
      }),
  },
};
