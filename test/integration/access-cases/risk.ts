// Access-matrix cases for the risk routes (see test/helpers/access-case.ts).
import { inA, type Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {
  // The matrix workspace has no customers: an allowed caller gets the handler's 404.
  'GET /v1/customers/:id/risk': { ok: 404, okCode: 'RVP_CUSTOMER_NOT_FOUND', build: (f) => inA(f, '/v1/customers/cus_nobody/risk') },
  'GET /v1/success/model': { ok: 200, build: (f) => inA(f, '/v1/success/model') },
};
