// Access-matrix cases for metrics endpoint, recovery codes and other operations routes (issue 17); see test/helpers/access-case.ts.
import type { Case } from '../../helpers/access-case.js';
import { TEST_PASSWORD } from '../../helpers/auth.js';

export const CASES: Record<string, Case> = {
  // Recovery codes (accounts): the matrix's callers have no TOTP, so an allowed call is refused by
  // the handler with "turn it on first" (test/integration/recovery-codes.test.ts covers the rest).
  'POST /v1/account/recovery-codes': { ok: 400, okCode: 'RVP_BAD_REQUEST', build: () => ({ method: 'POST', url: '/v1/account/recovery-codes', payload: { password: TEST_PASSWORD } }) },
};
