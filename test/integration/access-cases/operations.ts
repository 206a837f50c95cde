// Access-matrix cases for metrics endpoint, recovery codes and other operations routes (issue 17); see test/helpers/access-case.ts.
import type { Case } from '../../helpers/access-case.js';
import { TEST_PASSWORD } from '../../helpers/auth.js';

export const CASES: Record<string, Case> = {
  // Recovery codes (accounts): the matrix's callers have no TOTP, so an allowed call is refused by
  // the handler with "turn it on first" (test/integration/recovery-codes.test.ts covers the rest).
  'POST /v1/account/recovery-codes': { ok: 400, okCode: 'RVP_BAD_REQUEST', build: () => ({ method: 'POST', url: '/v1/account/recovery-codes', payload: { password: TEST_PASSWORD } }) },
  // Prometheus metrics: 'public' with a token of its own (src/api/routes/prometheus.ts). The matrix's
  // app sets no REVPULSE_METRICS_TOKEN, so the endpoint is off: 404 to everyone, sessions and keys
  // included (test/integration/observability/metrics-endpoint.test.ts covers it switched on).
  'GET /metrics': { ok: 404, okCode: 'RVP_NOT_FOUND', build: () => ({ url: '/metrics' }) },
};
